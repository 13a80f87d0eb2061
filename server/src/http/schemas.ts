import { z } from 'zod';
import { errorBody } from '@gongzhi/contracts';

/** The error statuses every authenticated route may answer with, for the OpenAPI document. */
export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody,
};

export const page = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** For routes that answer 204 with no body. */
export const noContent = { 204: z.null().describe('No content'), ...errorResponses };
