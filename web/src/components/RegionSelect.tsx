import { TreeSelect } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { homeRegionCode } from '../auth/roles.ts';
import { useMe } from '../auth/session.tsx';
import { useLang, useT } from '../i18n/index.tsx';
import { fetchChildren, fetchRegion } from '../regions/regionApi.ts';
import type { RegionLevel } from '../types.ts';

interface Node {
  code: string;
  name: string;
  level: RegionLevel;
  childCount: number;
}

interface TreeOption {
  value: string;
  title: string;
  isLeaf: boolean;
  children?: TreeOption[];
}

interface RegionSelectProps {
  /** Set by Form.Item, so its label points at the input. */
  id?: string;
  value?: string;
  onChange?: (code: string | undefined) => void;
  /** The name to show for a value whose branch is not loaded yet. */
  valueLabel?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/** Picks a region from the user's part of the tree, loading branches as they open. */
export function RegionSelect({
  value,
  onChange,
  valueLabel,
  placeholder,
  allowClear,
  style,
  'data-testid': testId,
  id,
}: RegionSelectProps) {
  const me = useMe();
  const t = useT();
  const { tDynamic } = useLang();
  const rootCode = homeRegionCode(me);
  const [root, setRoot] = useState<Node | null>(null);
  const [childrenOf, setChildrenOf] = useState<Record<string, Node[]>>({});
  const labels = useRef(new Map<string, string>());

  useEffect(() => {
    let current = true;
    fetchRegion(rootCode).then(
      (region) => current && setRoot(region),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [rootCode]);

  const treeData = useMemo(() => {
    const build = (node: Node): TreeOption => {
      labels.current.set(node.code, node.name);
      return {
        value: node.code,
        title: t('regions.option', { name: node.name, level: tDynamic('level', node.level) }),
        isLeaf: node.level === 'grid' || node.childCount === 0,
        children: childrenOf[node.code]?.map(build),
      };
    };
    return root ? [build(root)] : [];
  }, [root, childrenOf, t, tDynamic]);

  const load = async (code: string) => {
    if (childrenOf[code]) return;
    const items = await fetchChildren(code);
    setChildrenOf((previous) => ({ ...previous, [code]: items }));
  };

  const label = value ? (labels.current.get(value) ?? valueLabel ?? value) : undefined;
  return (
    <TreeSelect
      id={id}
      data-testid={testId}
      style={style}
      placeholder={placeholder}
      allowClear={allowClear}
      labelInValue
      value={value ? { value, label } : undefined}
      onChange={(next?: { value: string; label?: string }) => onChange?.(next?.value)}
      treeData={treeData}
      treeDefaultExpandedKeys={[rootCode]}
      loadData={(node) => load(String(node.value))}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 280 } } }}
    />
  );
}
