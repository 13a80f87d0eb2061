import { EnvironmentOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Flex, Layout, Menu, Tag, Tooltip, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { highestRole } from '../auth/roles.ts';
import { useMe, useSession } from '../auth/session.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { LogoMark } from '../components/Logo.tsx';
import { useLang, useT } from '../i18n/index.tsx';
import { LiveEventsProvider } from '../live/LiveEvents.tsx';
import { NotificationBell } from '../live/NotificationBell.tsx';
import { navItemFor, navLabel, visibleNavItems } from './nav.tsx';

const STAFF_CASE_ABILITIES: readonly string[] = ['case.read', 'case.handle', 'case.dispatch', 'case.callback'];

export function AppLayout() {
  const t = useT();
  const { tDynamic } = useLang();
  const me = useMe();
  const { logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  // On a phone the menu folds away entirely (its tab opens it) and leaves the page the whole width.
  const [narrow, setNarrow] = useState(false);

  const items = visibleNavItems(
    me.abilities,
    me.roles.map((r) => r.role),
  );
  const toMenuItem = (item: (typeof items)[number]) => ({
    key: item.path,
    icon: item.icon,
    label: t(navLabel(item, me.abilities)),
  });
  const caseItems = items.filter((item) => item.group === 'cases');
  const adminItems = items.filter((item) => item.group === 'admin');
  const assessmentItems = items.filter((item) => item.group === 'assessment');
  const menuItems: MenuProps['items'] = [
    ...items.filter((item) => item.top).map(toMenuItem),
    ...(caseItems.length
      ? [{ type: 'group' as const, key: 'cases', label: t('nav.groupCases'), children: caseItems.map(toMenuItem) }]
      : []),
    ...(assessmentItems.length
      ? [{ type: 'group' as const, key: 'assessment', label: t('nav.groupAssessment'), children: assessmentItems.map(toMenuItem) }]
      : []),
    ...items.filter((item) => !item.group && !item.top && item.path !== '/account').map(toMenuItem),
    ...(adminItems.length
      ? [{ type: 'group' as const, key: 'admin', label: t('nav.groupAdmin'), children: adminItems.map(toMenuItem) }]
      : []),
    ...items.filter((item) => item.path === '/account').map(toMenuItem),
  ];
  const selected = navItemFor(items, location.pathname)?.path;
  // Unit notifications are work for staff; a resident follows their own cases under 我的诉求.
  const followsCases = me.abilities.some((ability) => STAFF_CASE_ABILITIES.includes(ability));
  const role = highestRole(me);

  return (
    <LiveEventsProvider>
      <Layout className="gz-shell">
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="md"
          collapsedWidth={narrow ? 0 : 80}
          onBreakpoint={(broken) => {
            setNarrow(broken);
            setCollapsed(broken);
          }}
          width={216}
          theme="dark"
          className="gz-sider"
        >
          <div className="gz-brand">
            <LogoMark size={30} />
            {!collapsed && (
              <div className="gz-brand-text">
                <div className="gz-brand-name">{t('app.name')}</div>
                <div className="gz-brand-tag">{t('app.taglineShort')}</div>
              </div>
            )}
          </div>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={menuItems}
            onClick={({ key }) => navigate(key)}
            data-testid="nav"
          />
        </Layout.Sider>
        <Layout>
          <Layout.Header className="gz-header">
            <Flex align="center" gap={8} className="gz-header-city" data-testid="header-city">
              <EnvironmentOutlined />
              <Typography.Text strong>{me.city.name}</Typography.Text>
            </Flex>
            <Flex align="center" gap={16} className="gz-header-right">
              <LanguageSwitch size="small" />
              {followsCases && <NotificationBell />}
              <Flex align="center" gap={8} data-testid="header-user">
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1e5bb8' }} />
                <Typography.Text className="gz-header-name">{me.account.displayName}</Typography.Text>
                {role ? (
                  <Tooltip title={`${role.unit.name} · ${role.region.name}`}>
                    <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                      {tDynamic('role', role.role)}
                    </Tag>
                  </Tooltip>
                ) : (
                  <Tag>{t('header.noRole')}</Tag>
                )}
              </Flex>
              <Button type="text" icon={<LogoutOutlined />} onClick={() => void logout()}>
                {t('header.logout')}
              </Button>
            </Flex>
          </Layout.Header>
          <Layout.Content className="gz-content">
            <Outlet />
          </Layout.Content>
        </Layout>
      </Layout>
    </LiveEventsProvider>
  );
}
