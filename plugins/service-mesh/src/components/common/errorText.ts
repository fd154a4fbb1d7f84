import type { ResponseError } from '@backstage/errors';

/** The backend's reason for a failed request (its error message and status), else the error's message. */
export function errorText(error: Error): string {
  const response = error as Partial<ResponseError>;
  if (error.name === 'ResponseError' && response.cause && response.statusCode) {
    return `${response.cause.message} (HTTP ${response.statusCode})`;
  }
  return error.message;
}
