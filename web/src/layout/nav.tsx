import { ApartmentOutlined, BankOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/index.tsx';
import type { Ability } from '../types.ts';

export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** The ability /api/me must list for the item to appear; none = every signed-in user. */
  ability?: Ability;
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
  { path: '/account', label: 'nav.account', icon: <UserOutlined /> },
];

export function visibleNavItems(abilities: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.ability || abilities.includes(item.ability));
}
