import { Tree } from 'antd';
import type { GetRef, TreeDataNode } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useElementSize } from '../hooks/useElementSize.ts';
import { useLang, useT } from '../i18n/index.tsx';
import type { RegionChild, RegionLevel } from '../types.ts';
import { fetchChildren } from './regionApi.ts';

interface TreeRegion {
  code: string;
  name: string;
  level: RegionLevel;
  childCount: number;
}

interface RegionTreeProps {
  root: TreeRegion;
  selectedCode: string;
  /** Codes from the root down to the selected region's parent: they are opened and loaded. */
  openPath: string[];
  onSelect: (code: string) => void;
  onError: (error: unknown) => void;
  /** Set anew by the page after an edit: the children of these regions are fetched again. */
  reload?: { codes: string[] };
}

function isLeaf(region: TreeRegion): boolean {
  return region.level === 'grid' || region.childCount === 0;
}

export function RegionTree({ root, selectedCode, openPath, onSelect, onError, reload }: RegionTreeProps) {
  const t = useT();
  const { tDynamic } = useLang();
  const { ref, height } = useElementSize<HTMLDivElement>();
  const treeRef = useRef<GetRef<typeof Tree>>(null);
  const [childrenOf, setChildrenOf] = useState<Record<string, RegionChild[]>>({});
  const [expanded, setExpanded] = useState<string[]>([root.code]);
  const loading = useRef(new Map<string, Promise<void>>());

  const load = (code: string): Promise<void> => {
    const pending = loading.current.get(code);
    if (pending) return pending;
    const promise = fetchChildren(code).then(
      (items) => setChildrenOf((previous) => ({ ...previous, [code]: items })),
      (error: unknown) => {
        loading.current.delete(code);
        onError(error);
      },
    );
    loading.current.set(code, promise);
    return promise;
  };

  // Drilling down on the map opens the same path in the tree.
  const pathKey = [root.code, ...openPath].join('/');
  useEffect(() => {
    const path = [root.code, ...openPath.filter((code) => code !== root.code)];
    let cancelled = false;
    void (async () => {
      for (const code of path) {
        await load(code);
        if (cancelled) return;
      }
      setExpanded((previous) => Array.from(new Set([...previous, ...path])));
    })();
    return () => {
      cancelled = true;
    };
    // pathKey stands for root and openPath
  }, [pathKey]);

  useEffect(() => {
    for (const code of reload?.codes ?? []) {
      // a branch never opened loads fresh when it is opened
      if (!loading.current.has(code)) continue;
      loading.current.delete(code);
      void load(code);
    }
    // a new reload object is a new request, even for the same codes
  }, [reload]);

  // Scroll the selected node into view once it is listed, after the expand animation.
  const scrolledTo = useRef<string | null>(null);
  const selectedListed =
    selectedCode === root.code ||
    Object.entries(childrenOf).some(([parent, kids]) => expanded.includes(parent) && kids.some((kid) => kid.code === selectedCode));
  useEffect(() => {
    if (!selectedListed || scrolledTo.current === selectedCode) return;
    const timer = window.setTimeout(() => {
      scrolledTo.current = selectedCode;
      treeRef.current?.scrollTo({ key: selectedCode, align: 'auto' });
    }, 350);
    return () => window.clearTimeout(timer);
  }, [selectedCode, selectedListed]);

  const treeData = useMemo(() => {
    const build = (region: TreeRegion): TreeDataNode => {
      const kids = childrenOf[region.code];
      return {
        key: region.code,
        title: (
          <span className="gz-tree-name" title={t('regions.option', { name: region.name, level: tDynamic('level', region.level) })}>
            {region.name}
          </span>
        ),
        isLeaf: isLeaf(region),
        children: kids?.map(build),
      };
    };
    return [build(root)];
  }, [root, childrenOf, t, tDynamic]);

  return (
    <div ref={ref} className="gz-tree-box">
      {height > 0 && (
        <Tree
          ref={treeRef}
          data-testid="region-tree"
          blockNode
          height={height}
          treeData={treeData}
          selectedKeys={[selectedCode]}
          expandedKeys={expanded}
          loadedKeys={Object.keys(childrenOf)}
          onExpand={(keys) => setExpanded(keys.map(String))}
          loadData={(node) => load(String(node.key))}
          onSelect={(keys) => {
            const [key] = keys;
            if (key !== undefined) onSelect(String(key));
          }}
        />
      )}
    </div>
  );
}
