import { Form, Input, Select } from 'antd';
import { api } from '../api.ts';
import { FormModal } from '../components/FormModal.tsx';
import { UnitSelect } from '../components/UnitSelect.tsx';
import { useLang, useT } from '../i18n/index.tsx';
import { ROLES } from '../types.ts';
import type { AccountRow, Role } from '../types.ts';

const MOBILE = /^1\d{10}$/;

interface NewAccount {
  username: string;
  displayName: string;
  phone?: string;
  password: string;
}

/** The name and phone fields, the same when an account is created and when it is edited. */
function ProfileFields({ phonePlaceholder }: { phonePlaceholder?: string }) {
  const t = useT();
  return (
    <>
      <Form.Item
        name="displayName"
        label={t('accounts.displayName')}
        rules={[{ required: true, whitespace: true, message: t('accounts.displayNameRequired') }]}
      >
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="phone" label={t('accounts.phone')} rules={[{ pattern: MOBILE, message: t('accounts.phoneInvalid') }]}>
        <Input maxLength={11} placeholder={phonePlaceholder} />
      </Form.Item>
    </>
  );
}

export function CreateAccountModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  return (
    <FormModal<NewAccount>
      name="createAccount"
      open={open}
      title={t('accounts.create')}
      onClose={onClose}
      onSubmit={async (values) => {
        await api.post('/api/accounts', {
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          ...(values.phone ? { phone: values.phone.trim() } : {}),
          password: values.password,
        });
        onDone();
      }}
    >
      <Form.Item
        name="username"
        label={t('accounts.username')}
        rules={[{ required: true, whitespace: true, message: t('accounts.usernameRequired') }]}
      >
        <Input autoComplete="off" maxLength={64} />
      </Form.Item>
      <ProfileFields />
      <Form.Item
        name="password"
        label={t('accounts.password')}
        rules={[{ required: true, min: 8, message: t('accounts.passwordRequired') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}

interface AccountEdit {
  displayName: string;
  phone?: string;
}

export function EditAccountModal({ account, onClose, onDone }: { account: AccountRow | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  // A masked phone (138****5678) is not sent back unless it was retyped.
  const phoneVisible = account?.phone && !account.phone.includes('*') ? account.phone : undefined;
  return (
    <FormModal<AccountEdit>
      name="editAccount"
      open={account !== null}
      title={t('accounts.editTitle')}
      initial={{ displayName: account?.displayName, phone: phoneVisible }}
      onClose={onClose}
      onSubmit={async (values) => {
        if (!account) return;
        const phone = values.phone?.trim();
        await api.patch(`/api/accounts/${account.id}`, {
          displayName: values.displayName.trim(),
          ...(phone && phone !== phoneVisible ? { phone } : {}),
        });
        onDone();
      }}
    >
      <ProfileFields phonePlaceholder={account?.phone ?? undefined} />
    </FormModal>
  );
}

interface RoleGrant {
  role: Role;
  unitId: string;
}

export function AddRoleModal({ account, onClose, onDone }: { account: AccountRow | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { tDynamic } = useLang();
  return (
    <FormModal<RoleGrant>
      name="addRole"
      open={account !== null}
      title={t('accounts.addRoleTitle', { name: account?.displayName ?? '' })}
      onClose={onClose}
      onSubmit={async (values) => {
        if (!account) return;
        await api.post(`/api/accounts/${account.id}/roles`, values);
        onDone();
      }}
    >
      <Form.Item name="role" label={t('accounts.role')} rules={[{ required: true, message: t('accounts.roleRequired') }]}>
        <Select
          data-testid="role-select"
          showSearch={{ optionFilterProp: 'label' }}
          options={ROLES.map((value) => ({ value, label: tDynamic('role', value) }))}
        />
      </Form.Item>
      <Form.Item name="unitId" label={t('accounts.unit')} rules={[{ required: true, message: t('accounts.unitRequired') }]}>
        <UnitSelect data-testid="unit-select" placeholder={t('accounts.unitSearch')} />
      </Form.Item>
    </FormModal>
  );
}
