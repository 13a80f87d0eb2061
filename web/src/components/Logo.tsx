// The mark: a city block cut into grid cells, one of them lit — the grid where problems are solved.
export function LogoMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id="gz-logo-bg" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#e0322b" />
          <stop offset="1" stopColor="#a8141b" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#gz-logo-bg)" />
      <g fill="#fff">
        <rect x="7" y="7" width="5" height="5" rx="1" opacity="0.55" />
        <rect x="13.5" y="7" width="5" height="5" rx="1" opacity="0.55" />
        <rect x="20" y="7" width="5" height="5" rx="1" opacity="0.55" />
        <rect x="7" y="13.5" width="5" height="5" rx="1" opacity="0.55" />
        <rect x="13.5" y="13.5" width="5" height="5" rx="1" />
        <rect x="20" y="13.5" width="5" height="5" rx="1" opacity="0.55" />
        <rect x="7" y="20" width="5" height="5" rx="1" opacity="0.55" />
        <rect x="13.5" y="20" width="5" height="5" rx="1" opacity="0.55" />
        <rect x="20" y="20" width="5" height="5" rx="1" opacity="0.55" />
      </g>
    </svg>
  );
}
