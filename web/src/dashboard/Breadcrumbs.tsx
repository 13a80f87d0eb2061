import { Breadcrumb } from 'antd';
import { Link } from 'react-router-dom';
import { highestRole, levelDepth } from '../auth/roles.ts';
import { useMe } from '../auth/session.tsx';
import type { DashboardRegion } from './dashboardApi.ts';

/** From the city down to the region shown; above the viewer's own territory the names are not links (outside their scope). */
export function TerritoryBreadcrumb({
  region,
  searchFor,
  className,
}: {
  region: DashboardRegion | undefined;
  searchFor: (code: string) => string;
  className?: string;
}) {
  const me = useMe();
  const homeDepth = levelDepth(highestRole(me)?.region.level ?? 'city');
  const trail = region?.trail ?? [];
  return (
    <Breadcrumb
      className={className}
      data-testid="dash-breadcrumb"
      items={trail.map((step, index) => ({
        key: step.code,
        title:
          index < trail.length - 1 && levelDepth(step.level) >= homeDepth ? <Link to={searchFor(step.code)}>{step.name}</Link> : step.name,
      }))}
    />
  );
}
