import { v7 } from 'uuid';

/** Time-ordered UUID v7, made by the application (no shared sequences). */
export const newId = (): string => v7();

export const isUuid = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
