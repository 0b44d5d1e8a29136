// Errors with CloudBase's stable string codes. wx-server-sdk maps `code` to its numeric errCode
// through TCB_ERR_CODE (node_modules/wx-server-sdk/index.js, e.g. DATABASE_PERMISSION_DENIED ->
// -502003, DATABASE_COLLECTION_NOT_EXIST -> -502005). Tests assert these codes exactly.

export class CloudError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly httpStatus = 200,
  ) {
    super(message);
    this.name = 'CloudError';
  }
}

export const ErrorCodes = {
  INVALID_PARAM: 'INVALID_PARAM',
  INVALID_ACTION: 'INVALID_ACTION',
  PAYLOAD_TOO_LARGE: 'EXCEED_REQUEST_LIMIT',
  SYS_ERR: 'SYS_ERR',
  PERMISSION_DENIED: 'DATABASE_PERMISSION_DENIED',
  COLLECTION_NOT_EXIST: 'DATABASE_COLLECTION_NOT_EXIST',
  COLLECTION_ALREADY_EXIST: 'DATABASE_COLLECTION_ALREADY_EXIST',
  DOCUMENT_NOT_EXIST: 'DATABASE_DOCUMENT_NOT_EXIST',
  DUPLICATE_KEY: 'DATABASE_DUPLICATE_WRITE',
  INVALID_QUERY: 'DATABASE_REQUEST_FAILED',
  /** Unknown query/update operator; the SDK's own spelling (TCB_ERR_CODE, -502002). */
  INVALID_OPERATOR: 'DATABASE_INVALID_OPERRATOR',
  TRANSACTION_CONFLICT: 'DATABASE_TRANSACTION_CONFLICT',
  /** Committed, aborted, expired or unknown transaction (docs.cloudbase.net error-code DATABASE_TRANSACTION_FAIL). */
  TRANSACTION_FAIL: 'DATABASE_TRANSACTION_FAIL',
  FUNCTION_NOT_FOUND: 'FUNCTION_NOT_FOUND',
  FUNCTION_EXECUTE_FAIL: 'FUNCTIONS_EXECUTE_FAIL',
  FUNCTION_TIMEOUT: 'FUNCTIONS_TIME_LIMIT_EXCEEDED',
  STORAGE_FILE_NOT_EXIST: 'STORAGE_FILE_NONEXIST',
  STORAGE_PERMISSION_DENIED: 'STORAGE_EXCEED_AUTHORITY',
} as const;
