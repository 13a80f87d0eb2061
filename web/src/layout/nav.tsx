import {
  AimOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CommentOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FireOutlined,
  BankOutlined,
  FileSearchOutlined,
  FormOutlined,
  ImportOutlined,
  InboxOutlined,
  NotificationOutlined,
  PhoneOutlined,
  SendOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { highestRole } from '../auth/roles.ts';
import type { MessageKey } from '../i18n/index.tsx';
import type { Ability, Me, Role } from '../types.ts';

export interface NavItem {
  path: string;
  /** A label, or one chosen by the abilities (the operator's 热线受理 is a resident's 我要反映). */
  label: MessageKey | ((abilities: readonly string[]) => MessageKey);
  icon: ReactNode;
  /** The ability (or any one of the abilities) /api/me must list for the item to appear; none = every signed-in user. */
  ability?: Ability | readonly Ability[];
  /** Hidden when /api/me lists this ability (a page that a wider one replaces). */
  unless?: Ability;
  /** Only for these roles (the assessment is for leaders, secretaries and administrators). */
  roles?: readonly Role[];
  group?: 'cases' | 'assessment' | 'admin';
  /** Listed first, above the groups (the command centre). */
  top?: boolean;
}

const ASSESSMENT_ROLES: readonly Role[] = ['leader', 'secretary', 'admin'];
/** Those who read the cases of a territory (not a unit's own desk). */
const DASHBOARD_ROLES: readonly Role[] = ['leader', 'secretary', 'admin', 'dispatcher'];

export const NAV_ITEMS: NavItem[] = [
  { path: '/dashboard', label: 'nav.dashboard', icon: <DashboardOutlined />, ability: 'case.read', roles: DASHBOARD_ROLES, top: true },
  { path: '/hotspots', label: 'nav.hotspots', icon: <FireOutlined />, ability: 'case.read', roles: DASHBOARD_ROLES, top: true },
  {
    path: '/cases/new',
    label: (abilities) => (abilities.includes('case.pii') ? 'nav.intake' : 'nav.report'),
    icon: <FormOutlined />,
    ability: 'case.create',
    group: 'cases',
  },
  { path: '/cases/queue', label: 'nav.queue', icon: <SendOutlined />, ability: 'case.dispatch', group: 'cases' },
  { path: '/cases/inbox', label: 'nav.inbox', icon: <InboxOutlined />, ability: 'case.handle', group: 'cases' },
  { path: '/cases/callbacks', label: 'nav.callbacks', icon: <PhoneOutlined />, ability: 'case.callback', group: 'cases' },
  { path: '/cases/mine', label: 'nav.mine', icon: <UnorderedListOutlined />, ability: 'case.create', unless: 'case.read', group: 'cases' },
  { path: '/cases', label: 'nav.cases', icon: <FileSearchOutlined />, ability: 'case.read', group: 'cases' },
  { path: '/assessment', label: 'nav.rankings', icon: <BarChartOutlined />, roles: ASSESSMENT_ROLES, group: 'assessment' },
  { path: '/assessment/talks', label: 'nav.talks', icon: <CommentOutlined />, roles: ASSESSMENT_ROLES, group: 'assessment' },
  { path: '/assessment/bulletin', label: 'nav.bulletin', icon: <FileTextOutlined />, roles: ASSESSMENT_ROLES, group: 'assessment' },
  { path: '/themes', label: 'nav.themes', icon: <AimOutlined />, ability: 'case.read', group: 'assessment' },
  { path: '/regions', label: 'nav.regions', icon: <ApartmentOutlined />, ability: 'region.read' },
  { path: '/whistles', label: 'nav.whistles', icon: <NotificationOutlined />, ability: ['whistle.blow', 'whistle.report'] },
  { path: '/admin/units', label: 'nav.units', icon: <BankOutlined />, ability: 'unit.read', group: 'admin' },
  {
    path: '/admin/accounts',
    label: 'nav.accounts',
    icon: <TeamOutlined />,
    ability: 'account.read',
    group: 'admin',
  },
  { path: '/admin/import', label: 'nav.import', icon: <ImportOutlined />, ability: ['region.manage', 'unit.manage'], group: 'admin' },
  { path: '/admin/audit', label: 'nav.audit', icon: <AuditOutlined />, ability: 'audit.read', group: 'admin' },
  { path: '/account', label: 'nav.account', icon: <UserOutlined /> },
];

export function visibleNavItems(abilities: readonly string[], roles: readonly string[] = []): NavItem[] {
  return NAV_ITEMS.filter((item) => {
    if (item.unless && abilities.includes(item.unless)) return false;
    if (item.roles && !item.roles.some((role) => roles.includes(role))) return false;
    if (!item.ability) return true;
    const needed: readonly string[] = typeof item.ability === 'string' ? [item.ability] : item.ability;
    return needed.some((ability) => abilities.includes(ability));
  });
}

export function navLabel(item: NavItem, abilities: readonly string[]): MessageKey {
  return typeof item.label === 'function' ? item.label(abilities) : item.label;
}

/** The item a path belongs to: the longest matching prefix (/cases/queue, not /cases). */
export function navItemFor(items: readonly NavItem[], pathname: string): NavItem | undefined {
  return items
    .filter((item) => pathname === item.path || pathname.startsWith(`${item.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

// Where each role starts its day; leaders at the command centre, administrators at the map.
const HOME_BY_ROLE: Partial<Record<Role, string>> = {
  leader: '/dashboard',
  operator: '/cases/new',
  dispatcher: '/cases/queue',
  handler: '/cases/inbox',
  grid_worker: '/cases/new',
  resident: '/cases/new',
};

/** The first page after sign-in: the role's desk, else the first page the navigation offers. */
export function homePath(me: Me): string {
  const items = visibleNavItems(
    me.abilities,
    me.roles.map((r) => r.role),
  );
  const role = highestRole(me)?.role;
  const desk = role ? HOME_BY_ROLE[role] : undefined;
  if (desk && items.some((item) => item.path === desk)) return desk;
  return items.find((item) => !item.top && (!item.group || item.group === 'admin'))?.path ?? items[0]?.path ?? '/account';
}
