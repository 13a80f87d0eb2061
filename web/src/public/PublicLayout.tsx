import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../api.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { LogoMark } from '../components/Logo.tsx';
import { useT } from '../i18n/index.tsx';

/** The frame of the resident's pages: light, one column, made for a phone. */
export function PublicLayout({ cityName, home, children }: { cityName?: string; home?: string; children: ReactNode }) {
  const t = useT();
  return (
    <div className="gz-public">
      <header className="gz-public-header">
        <Link to={home ?? '#'} className="gz-public-brand">
          <LogoMark size={28} />
          <span className="gz-public-name">{t('app.name')}</span>
          {cityName && <span className="gz-public-city">{cityName}</span>}
        </Link>
        <LanguageSwitch size="small" />
      </header>
      <main className="gz-public-main">{children}</main>
      <Flex justify="center" className="gz-public-footer">
        <Typography.Text type="secondary">{t('public.footer')}</Typography.Text>
      </Flex>
    </div>
  );
}

/** Staff read "not found, or outside your jurisdiction"; a resident needs no more than the title. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
