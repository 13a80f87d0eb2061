import { Segmented } from 'antd';
import { LANGS, useLang, useT } from '../i18n/index.tsx';
import type { Lang } from '../i18n/index.tsx';

export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const t = useT();
  const { lang, setLang } = useLang();
  return (
    <Segmented<Lang>
      aria-label={t('lang.label')}
      data-testid="language-switch"
      size={size}
      value={lang}
      onChange={setLang}
      options={LANGS.map((value) => ({ value, label: t(`lang.${value}`) }))}
    />
  );
}
