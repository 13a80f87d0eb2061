import { ApartmentOutlined, AuditOutlined, BankOutlined, ImportOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/index.tsx';
import type { Ability } from '../types.ts';

export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** The ability (or any one of the abilities) /api/me must list for the item to appear; none = every signed-in user. */
  ability?: Ability | readonly Ability[];
  group?: 'admin';
}

export const NAV_ITEMS: NavItem[] = [
  { path: '/regions', label: 'nav.regions', icon: <ApartmentOutlined />, ability: 'region.read' },
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

export function visibleNavItems(abilities: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((item) => {
    if (!item.ability) return true;
    const needed: readonly string[] = typeof item.ability === 'string' ? [item.ability] : item.ability;
    return needed.some((ability) => abilities.includes(ability));
  });
}
