// The groups function's answers now live beside its request contract (domain/contracts), where the
// mini program may import them; this re-export keeps the server's own imports as they were.
export * from '../../contracts/groups-responses';
