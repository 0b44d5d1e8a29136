// The stored documents' types, derived from the collections' JSON Schemas (database/*.json, through
// the generated documents.schemas.ts) as the request types are derived from the contracts: one home
// for ConversationDoc, MemberDoc and Role, imported by the functions and the mini program alike.
//
// Dates: `{ "tcbDate": true }` fields are Dates on the server (wx-server-sdk reads them as Date).
// On the phone a document arrives from a query or a watch, where a date may come as a Date or as
// its ISO string (the realtime push carries JSON), so the mini program uses `ConversationDoc<WireDate>`.
import type { ExtendedJSONSchema, FromExtendedSchema } from 'json-schema-to-ts';
import type { conversationsSchema, membersSchema } from './documents.schemas';

/** A stored date as the mini program may receive it. */
export type WireDate = Date | string;

/** `tcbDate` is the schemas' own keyword (a CloudBase date); ajv knows it from domain/validate.ts. */
type TcbDate = { tcbDate?: boolean };
type Stored<S extends ExtendedJSONSchema<TcbDate>, D> = FromExtendedSchema<TcbDate, S, { deserialize: [{ pattern: { tcbDate: true }; output: D }] }>;

export type ConversationDoc<D = Date> = Stored<typeof conversationsSchema, D>;
export type MemberDoc<D = Date> = Stored<typeof membersSchema, D>;

/** A member's role in a conversation (direct chats: 'member'). */
export type Role = MemberDoc['role'];
export type GroupSettings = NonNullable<ConversationDoc['settings']>;
