import type { HttpMethod } from '../request/http-request';

/** One endpoint of an instance's API as the tester's picker shows it (built by catalog.ts). */
export interface OperationParameter {
  name: string;
  required: boolean;
  description: string;
  /** Allowed values when the schema is an enum (offered as choices). */
  choices: string[];
}

export interface Operation {
  /** `GET /project/{id}` — unique within a document. */
  id: string;
  method: HttpMethod;
  /** Path template relative to the API base, e.g. `/project/{id}`. */
  path: string;
  summary: string;
  /** The document's operationId, when it gives one (shown by the DevTools panel). */
  operationId?: string;
  description: string;
  tags: string[];
  pathParams: OperationParameter[];
  queryParams: OperationParameter[];
  /** Pretty-printed JSON body built from the request schema, or null when there is no JSON body. */
  bodyTemplate: string | null;
  bodyRequired: boolean;
}
