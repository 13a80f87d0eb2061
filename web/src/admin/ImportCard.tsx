import { DownloadOutlined, FileTextOutlined, ImportOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Divider, Flex, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { useErrorText } from '../components/errors.ts';
import { useT } from '../i18n/index.tsx';
import type { ImportFailure } from '../types.ts';
import { readTextFile } from './importFiles.ts';

/** A problem found in the file before anything was sent (not JSON, empty …). */
export class FileProblem extends Error {}

export interface ImportField {
  name: string;
  description: ReactNode;
  optional?: boolean;
}

interface ImportCardProps {
  testId: string;
  title: string;
  /** The `accept` of the file input. */
  accept: string;
  hint: string;
  /** Sends the file's text; throws FileProblem for a file that cannot be sent. */
  send: (text: string) => Promise<{ created: number }>;
  createdText: (count: number) => string;
  intro: ReactNode;
  fields: ImportField[];
  example: string;
  onTemplate: () => void;
}

type Outcome = { kind: 'created'; count: number } | { kind: 'refused'; failures: ImportFailure[] } | { kind: 'error'; text: string } | null;

function isFailureList(value: unknown): value is ImportFailure[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && 'row' in item && 'reason' in item);
}

function formatBytes(size: number): string {
  return size < 1024 ? `${size} B` : size < 1024 * 1024 ? `${(size / 1024).toFixed(1)} KB` : `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/** One kind of import: pick a file, send it, and see what was created or which rows were refused. */
export function ImportCard(props: ImportCardProps) {
  const t = useT();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const run = async () => {
    if (!file) return;
    setSending(true);
    setOutcome(null);
    try {
      const { created } = await props.send(await readTextFile(file));
      setOutcome({ kind: 'created', count: created });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'import_failed' && isFailureList(error.details) && error.details.length > 0) {
        setOutcome({ kind: 'refused', failures: error.details });
      } else if (error instanceof FileProblem) {
        setOutcome({ kind: 'error', text: error.message });
      } else {
        setOutcome({ kind: 'error', text: errorText(error) });
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <Card
      title={props.title}
      data-testid={props.testId}
      className="gz-import-card"
      extra={
        <Button type="link" size="small" icon={<DownloadOutlined />} onClick={props.onTemplate} data-testid={`${props.testId}-template`}>
          {t('import.template')}
        </Button>
      }
    >
      <Upload.Dragger
        accept={props.accept}
        multiple={false}
        showUploadList={false}
        beforeUpload={(picked) => {
          setFile(picked);
          setOutcome(null);
          // the file is read here and sent on "import", not uploaded on its own
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">{file ? <FileTextOutlined /> : <InboxOutlined />}</p>
        {file ? (
          <p className="ant-upload-text" data-testid={`${props.testId}-file`}>
            {file.name} <Typography.Text type="secondary">({formatBytes(file.size)})</Typography.Text>
          </p>
        ) : (
          <p className="ant-upload-text">{t('import.drop')}</p>
        )}
        <p className="ant-upload-hint">{file ? t('import.replace') : props.hint}</p>
      </Upload.Dragger>
      <Flex justify="flex-end" style={{ marginTop: 12 }}>
        <Button type="primary" icon={<ImportOutlined />} disabled={!file} loading={sending} onClick={() => void run()}>
          {t('import.start')}
        </Button>
      </Flex>

      {outcome?.kind === 'created' && (
        <Alert type="success" showIcon title={props.createdText(outcome.count)} className="gz-import-result" data-testid="import-result" />
      )}
      {outcome?.kind === 'error' && (
        <Alert type="error" showIcon title={outcome.text} className="gz-import-result" role="alert" data-testid="import-result" />
      )}
      {outcome?.kind === 'refused' && (
        <div className="gz-import-result" data-testid="import-result">
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('import.refused', { count: outcome.failures.length })}
            description={t('import.nothingImported')}
            style={{ marginBottom: 12 }}
          />
          <Table<ImportFailure>
            data-testid="import-failures"
            size="small"
            bordered
            rowKey={(failure) => `${failure.row}:${failure.reason}`}
            dataSource={outcome.failures}
            pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
            columns={[
              { key: 'row', title: t('import.row'), dataIndex: 'row', width: 80, align: 'right' },
              { key: 'reason', title: t('import.reason'), dataIndex: 'reason' },
            ]}
          />
        </div>
      )}

      <Divider titlePlacement="start" plain>
        {t('import.format')}
      </Divider>
      <Typography.Paragraph type="secondary">{props.intro}</Typography.Paragraph>
      <Descriptions
        size="small"
        bordered
        column={1}
        styles={{ label: { width: 1, whiteSpace: 'nowrap' } }}
        items={props.fields.map((field) => ({
          key: field.name,
          label: <Typography.Text code>{field.name}</Typography.Text>,
          children: (
            <>
              {field.description}
              {field.optional && <Tag className="gz-optional-tag">{t('import.optional')}</Tag>}
            </>
          ),
        }))}
      />
      <Typography.Text strong className="gz-example-title">
        {t('import.example')}
      </Typography.Text>
      <pre className="gz-code">{props.example}</pre>
    </Card>
  );
}
