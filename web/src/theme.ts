import type { ThemeConfig } from 'antd';

export const BRAND_BLUE = '#1e5bb8';
export const BRAND_RED = '#c8161e';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_BLUE,
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { siderBg: '#0f2747', triggerBg: '#0b1f3a', headerBg: '#ffffff', headerPadding: '0 24px' },
    Menu: { darkItemBg: '#0f2747', darkSubMenuItemBg: '#0b1f3a', darkItemSelectedBg: BRAND_BLUE },
  },
};
