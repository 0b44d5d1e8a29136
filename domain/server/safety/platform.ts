// The WeChat and storage calls the safety code makes, as one small interface: the functions pass the
// wx-server-sdk they initialised; the deliver path (whose entry passes only a database) takes the
// SDK module itself, which is the same initialised instance inside a function bundle (wx-server-sdk
// stays external in esbuild, so every import resolves to one module).
import cloud from 'wx-server-sdk';
import type { Database } from '../database';

export interface SecCheckResult {
  suggest: 'pass' | 'review' | 'risky';
  label: number;
}

export interface Platform {
  database(): Database;
  openapi: {
    security: {
      msgSecCheck(params: { content: string; version: 2; scene: number; openid: string }): Promise<{ result: SecCheckResult }>;
      mediaCheckAsync(params: { mediaUrl: string; mediaType: 1 | 2; version: 2; scene: number; openid: string }): Promise<{ traceId: string }>;
    };
    subscribeMessage: {
      send(params: { touser: string; templateId: string; page?: string; data: Record<string, { value: string }>; miniprogramState?: string; lang?: string }): Promise<unknown>;
    };
  };
  getTempFileURL(options: { fileList: Array<string | { fileID: string; maxAge: number }> }): Promise<{ fileList: Array<{ fileID: string; tempFileURL: string; status: number }> }>;
  uploadFile(options: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  deleteFile(options: { fileList: string[] }): Promise<unknown>;
}

/** The SDK the current function initialised (see the header). */
export function sdkPlatform(): Platform {
  return cloud as unknown as Platform;
}

/** WeChat errors reject with `errCode` (the SDK's camelCase of errcode). */
export function wxErrCode(err: unknown): number | undefined {
  const code = (err as { errCode?: unknown })?.errCode;
  return typeof code === 'number' ? code : undefined;
}

const LABELS: Record<number, string> = {
  10001: 'advertising',
  20001: 'politically sensitive content',
  20002: 'sexual content',
  20003: 'abuse',
  20006: 'illegal content',
  20008: 'fraud',
  20012: 'vulgar content',
  20013: 'copyright infringement',
  21000: 'content WeChat does not allow',
};

export function labelText(label: number): string {
  return LABELS[label] ?? LABELS[21000];
}
