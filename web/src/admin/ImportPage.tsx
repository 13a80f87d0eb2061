import { Col, Flex, Row, Tag } from 'antd';
import { api } from '../api.ts';
import { hasAbility, useMe } from '../auth/session.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useLang, useT } from '../i18n/index.tsx';
import { UNIT_KINDS } from '../types.ts';
import { FileProblem, ImportCard } from './ImportCard.tsx';
import type { ImportField } from './ImportCard.tsx';
import { downloadText, regionsExample, regionsTemplate, unitsExample, unitsTemplate } from './importFiles.ts';

type Created = { created: number };

export function ImportPage() {
  const t = useT();
  const { tDynamic } = useLang();
  const me = useMe();
  const cityCode = me.city.code;
  const canRegions = hasAbility(me, 'region.manage');
  const canUnits = hasAbility(me, 'unit.manage');

  const sendRegions = async (text: string) => {
    try {
      JSON.parse(text);
    } catch {
      throw new FileProblem(t('import.notJson'));
    }
    return api.postText<Created>('/api/import/regions', text, 'application/json');
  };

  const sendUnits = async (text: string) => {
    if (!text.trim()) throw new FileProblem(t('import.emptyFile'));
    return api.postText<Created>('/api/import/units', text, 'text/csv');
  };

  const regionFields: ImportField[] = [
    { name: 'code', description: t('import.field.code') },
    { name: 'name', description: t('import.field.name') },
    { name: 'level', description: t('import.field.level') },
    { name: 'parentCode', description: t('import.field.parentCode') },
    { name: 'subtype', description: t('import.field.subtype'), optional: true },
    { name: 'population', description: t('import.field.population'), optional: true },
    { name: 'geometry', description: t('import.field.geometry') },
  ];

  const unitFields: ImportField[] = [
    { name: 'name', description: t('import.field.unitName') },
    {
      name: 'kind',
      description: (
        <Flex vertical gap={6}>
          {t('import.field.kind')}
          <Flex gap={4} wrap>
            {UNIT_KINDS.map((kind) => (
              <Tag key={kind} className="gz-kind-tag">
                {kind} <span className="gz-kind-label">{tDynamic('unitKind', kind)}</span>
              </Tag>
            ))}
          </Flex>
        </Flex>
      ),
    },
    { name: 'region_code', description: t('import.field.regionCode') },
    { name: 'department_type', description: t('import.field.departmentType'), optional: true },
  ];

  return (
    <div>
      <PageHeader title={t('import.title')} />
      <Row gutter={[16, 16]}>
        {canRegions && (
          <Col xs={24} xl={12}>
            <ImportCard
              testId="import-regions"
              title={t('import.regions')}
              accept=".geojson,.json,application/geo+json,application/json"
              hint={t('import.regionsHint')}
              send={sendRegions}
              createdText={(count) => t('import.regionsCreated', { count })}
              intro={t('import.regionsIntro')}
              fields={regionFields}
              example={regionsExample(cityCode)}
              onTemplate={() => downloadText('regions-template.geojson', regionsTemplate(cityCode), 'application/geo+json')}
            />
          </Col>
        )}
        {canUnits && (
          <Col xs={24} xl={12}>
            <ImportCard
              testId="import-units"
              title={t('import.units')}
              accept=".csv,text/csv"
              hint={t('import.unitsHint')}
              send={sendUnits}
              createdText={(count) => t('import.unitsCreated', { count })}
              intro={t('import.unitsIntro')}
              fields={unitFields}
              example={unitsExample(cityCode)}
              onTemplate={() => downloadText('units-template.csv', unitsTemplate(cityCode), 'text/csv;charset=utf-8')}
            />
          </Col>
        )}
      </Row>
    </div>
  );
}
