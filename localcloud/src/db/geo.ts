// Geo queries, which mingo does not have: $nearSphere/$near, $geoWithin, $geoIntersects as query
// operators and the $geoNear pipeline stage. The SDK sends them as @cloudbase/database 1.4.3
// serializer/query.js builds them: `_.geoNear({geometry, maxDistance, minDistance})` ->
// {$nearSphere: {$geometry: Point, $maxDistance, $minDistance}} (metres); `_.geoWithin({geometry})`
// -> {$geoWithin: {$geometry: Polygon|MultiPolygon}}; `_.geoWithin({centerSphere: [point, radians]})`
// -> {$geoWithin: {$centerSphere: [[lng, lat], radians]}}; `_.geoIntersects({geometry})` ->
// {$geoIntersects: {$geometry}}. Geometries are GeoJSON with [longitude, latitude] coordinates.
//
// Distances are great-circle (haversine) on a sphere of MongoDB's radius (6378.1 km). Containment
// and intersection are planar in (lng, lat), which is exact enough for city-sized shapes away
// from the poles and the antimeridian.
import { resolve } from 'mingo/util';
import { CloudError, ErrorCodes } from '../errors';

export const EARTH_RADIUS_METRES = 6378100;

type Position = [number, number];
type Ring = Position[];
interface Geometry {
  type: string;
  coordinates: unknown;
}

function badGeo(message: string): CloudError {
  return new CloudError(ErrorCodes.INVALID_QUERY, message);
}

function isPosition(v: unknown): v is Position {
  return Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number';
}

/** A stored value as a geometry: GeoJSON, or a legacy [lng, lat] pair. */
export function asGeometry(value: unknown): Geometry | null {
  if (isPosition(value)) return { type: 'Point', coordinates: value };
  if (value && typeof value === 'object' && typeof (value as Geometry).type === 'string' && Array.isArray((value as Geometry).coordinates)) {
    return value as Geometry;
  }
  return null;
}

function requireGeometry(value: unknown, what: string): Geometry {
  const g = asGeometry(value);
  if (!g) throw badGeo(`${what} must be a GeoJSON geometry`);
  return g;
}

export function haversineMetres(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** All positions of a geometry (for distances and "every vertex inside" tests). */
function positionsOf(g: Geometry): Position[] {
  const out: Position[] = [];
  const walk = (c: unknown): void => {
    if (isPosition(c)) out.push(c);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(g.coordinates);
  return out;
}

function polygonsOf(g: Geometry): Ring[][] {
  if (g.type === 'Polygon') return [g.coordinates as Ring[]];
  if (g.type === 'MultiPolygon') return g.coordinates as Ring[][];
  return [];
}

function segmentsOf(g: Geometry): Array<[Position, Position]> {
  const lines: Ring[] =
    g.type === 'LineString'
      ? [g.coordinates as Ring]
      : g.type === 'MultiLineString' || g.type === 'Polygon'
        ? (g.coordinates as Ring[])
        : g.type === 'MultiPolygon'
          ? (g.coordinates as Ring[][]).flat()
          : [];
  const segs: Array<[Position, Position]> = [];
  for (const line of lines) for (let i = 1; i < line.length; i++) segs.push([line[i - 1], line[i]]);
  return segs;
}

function inRing(p: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the exterior ring and outside every hole. */
function inPolygon(p: Position, polygon: Ring[]): boolean {
  if (!polygon.length || !inRing(p, polygon[0])) return false;
  return polygon.slice(1).every((hole) => !inRing(p, hole));
}

function orientation(a: Position, b: Position, c: Position): number {
  const v = (b[1] - a[1]) * (c[0] - b[0]) - (b[0] - a[0]) * (c[1] - b[1]);
  return v === 0 ? 0 : v > 0 ? 1 : 2;
}

function onSegment(a: Position, p: Position, b: Position): boolean {
  return p[0] <= Math.max(a[0], b[0]) && p[0] >= Math.min(a[0], b[0]) && p[1] <= Math.max(a[1], b[1]) && p[1] >= Math.min(a[1], b[1]);
}

function segmentsCross([p1, q1]: [Position, Position], [p2, q2]: [Position, Position]): boolean {
  const o1 = orientation(p1, q1, p2);
  const o2 = orientation(p1, q1, q2);
  const o3 = orientation(p2, q2, p1);
  const o4 = orientation(p2, q2, q1);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(p1, p2, q1)) || (o2 === 0 && onSegment(p1, q2, q1)) || (o3 === 0 && onSegment(p2, p1, q2)) || (o4 === 0 && onSegment(p2, q1, q2));
}

function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function withinGeometry(doc: Geometry, area: Geometry): boolean {
  const polygons = polygonsOf(area);
  if (!polygons.length) throw badGeo('$geoWithin $geometry must be a Polygon or MultiPolygon');
  const points = positionsOf(doc);
  return points.length > 0 && points.every((p) => polygons.some((poly) => inPolygon(p, poly)));
}

export function geometriesIntersect(a: Geometry, b: Geometry): boolean {
  const pa = positionsOf(a);
  const pb = positionsOf(b);
  if (pa.some((p) => polygonsOf(b).some((poly) => inPolygon(p, poly)))) return true;
  if (pb.some((p) => polygonsOf(a).some((poly) => inPolygon(p, poly)))) return true;
  const sa = segmentsOf(a);
  const sb = segmentsOf(b);
  if (sa.some((s) => sb.some((t) => segmentsCross(s, t)))) return true;
  // Points on lines or equal points.
  const pointOnSegs = (p: Position, segs: Array<[Position, Position]>) => segs.some(([x, y]) => orientation(x, p, y) === 0 && onSegment(x, p, y));
  if (a.type.endsWith('Point') && pa.some((p) => pointOnSegs(p, sb) || pb.some((q) => samePosition(p, q)))) return true;
  if (b.type.endsWith('Point') && pb.some((p) => pointOnSegs(p, sa))) return true;
  return false;
}

/** Smallest great-circle distance from `center` to any vertex of the stored value, or null. */
export function distanceTo(value: unknown, center: Position): number | null {
  const g = asGeometry(value);
  if (!g) return null;
  const pts = positionsOf(g);
  if (!pts.length) return null;
  return Math.min(...pts.map((p) => haversineMetres(center, p)));
}

/** Values at a dotted path; arrays of geometries (e.g. a list of places) count element-wise. */
function valuesAt(doc: Record<string, unknown>, path: string): unknown[] {
  const v = resolve(doc, path);
  if (v === undefined) return [];
  if (Array.isArray(v) && !isPosition(v)) return v;
  return [v];
}

export interface NearSpec {
  center: Position;
  maxDistance?: number;
  minDistance?: number;
}

export function parseNear(value: unknown, op: string): NearSpec {
  const spec = (value ?? {}) as Record<string, unknown>;
  const center = asGeometry(spec.$geometry ?? value);
  if (!center || center.type !== 'Point' || !isPosition(center.coordinates)) throw badGeo(`${op} needs a $geometry Point`);
  const num = (k: string) => {
    const v = spec[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || v < 0) throw badGeo(`${op} ${k} must be a non-negative number`);
    return v;
  };
  return { center: center.coordinates as Position, maxDistance: num('$maxDistance'), minDistance: num('$minDistance') };
}

function withinNear(distance: number | null, near: NearSpec): boolean {
  if (distance === null) return false;
  if (near.maxDistance !== undefined && distance > near.maxDistance) return false;
  if (near.minDistance !== undefined && distance < near.minDistance) return false;
  return true;
}

type QueryOp = (selector: string, value: unknown) => (doc: Record<string, unknown>) => boolean;

const nearSphere: QueryOp = (selector, value) => {
  const near = parseNear(value, '$nearSphere');
  return (doc) => valuesAt(doc, selector).some((v) => withinNear(distanceTo(v, near.center), near));
};

const geoWithin: QueryOp = (selector, value) => {
  const spec = (value ?? {}) as Record<string, unknown>;
  if (spec.$centerSphere !== undefined) {
    const cs = spec.$centerSphere;
    if (!Array.isArray(cs) || !isPosition(cs[0]) || typeof cs[1] !== 'number') throw badGeo('$centerSphere must be [[lng, lat], radiusInRadians]');
    const center = cs[0];
    const radius = cs[1] * EARTH_RADIUS_METRES;
    return (doc) =>
      valuesAt(doc, selector).some((v) => {
        const g = asGeometry(v);
        return !!g && positionsOf(g).every((p) => haversineMetres(center, p) <= radius) && positionsOf(g).length > 0;
      });
  }
  const area = requireGeometry(spec.$geometry ?? spec.$polygon, '$geoWithin $geometry');
  return (doc) =>
    valuesAt(doc, selector).some((v) => {
      const g = asGeometry(v);
      return !!g && withinGeometry(g, area);
    });
};

const geoIntersects: QueryOp = (selector, value) => {
  const shape = requireGeometry((value as Record<string, unknown> | null)?.$geometry, '$geoIntersects $geometry');
  return (doc) =>
    valuesAt(doc, selector).some((v) => {
      const g = asGeometry(v);
      return !!g && geometriesIntersect(g, shape);
    });
};

/** Query operators to add to mingo's context. */
export const geoQueryOperators = { $nearSphere: nearSphere, $near: nearSphere, $geoWithin: geoWithin, $geoIntersects: geoIntersects };

/** The first top-level `$nearSphere`/`$near` of a query: its results come back nearest first. */
export function findNearCondition(query: Record<string, unknown>): { field: string; near: NearSpec } | null {
  for (const [field, cond] of Object.entries(query)) {
    if (field.startsWith('$') || !cond || typeof cond !== 'object') continue;
    const c = cond as Record<string, unknown>;
    const spec = c.$nearSphere ?? c.$near;
    if (spec !== undefined) return { field, near: parseNear(spec, '$nearSphere') };
  }
  return null;
}

/** Orders documents nearest first by the field's distance to the centre (stable for ties). */
export function sortByDistance<T extends Record<string, unknown>>(docs: T[], field: string, center: Position): T[] {
  const keyed = docs.map((d) => ({ d, dist: Math.min(...valuesAt(d, field).map((v) => distanceTo(v, center) ?? Infinity), Infinity) }));
  keyed.sort((a, b) => a.dist - b.dist);
  return keyed.map((k) => k.d);
}

export interface GeoNearStage {
  near: NearSpec;
  distanceField: string;
  key?: string;
  query?: Record<string, unknown>;
  includeLocs?: string;
  distanceMultiplier: number;
}

/**
 * A legacy coordinate pair as $geoNear's `near`: `[lng, lat]`, or an embedded document whose two
 * fields are longitude then latitude. The second is what @cloudbase/database 1.4.0's
 * aggregate.geoNear sends: it passes the SDK's Point through EJSON, which keeps its own fields
 * ({longitude, latitude}) rather than its GeoJSON toJSON(), and sets distanceMultiplier to
 * 6378100 (times the caller's) so that MongoDB's legacy distances in radians come back in metres.
 */
function legacyPair(near: unknown): Position | null {
  if (isPosition(near)) return [near[0], near[1]];
  if (!near || typeof near !== 'object' || Array.isArray(near)) return null;
  const o = near as Record<string, unknown>;
  if (typeof o.longitude === 'number' && typeof o.latitude === 'number') return [o.longitude, o.latitude];
  if (typeof o.lng === 'number' && typeof o.lat === 'number') return [o.lng, o.lat];
  const values = Object.values(o);
  if (values.length === 2 && values.every((v) => typeof v === 'number')) return values as Position;
  return null;
}

/**
 * Validates a $geoNear stage. `near` comes as a GeoJSON Point (@cloudbase/database 1.4.3
 * aggregate.js converts the SDK Point with toJSON(); distances and maxDistance/minDistance in
 * metres) or as a legacy coordinate pair (see legacyPair; MongoDB: with a legacy pair and
 * spherical, distances and maxDistance/minDistance are in radians, which distanceMultiplier scales).
 */
export function parseGeoNearStage(value: unknown): GeoNearStage {
  const v = (value ?? {}) as Record<string, unknown>;
  if (typeof v.distanceField !== 'string' || !v.distanceField) throw badGeo('$geoNear needs distanceField');
  const legacy = asGeometry(v.near)?.type === 'Point' && !isPosition(v.near) ? null : legacyPair(v.near);
  const near = legacy
    ? parseNear({ $geometry: { type: 'Point', coordinates: legacy }, $maxDistance: v.maxDistance, $minDistance: v.minDistance }, '$geoNear')
    : parseNear({ $geometry: v.near, $maxDistance: v.maxDistance, $minDistance: v.minDistance }, '$geoNear');
  if (legacy) {
    // Radians on MongoDB's sphere to the metres runGeoNear works in.
    if (near.maxDistance !== undefined) near.maxDistance *= EARTH_RADIUS_METRES;
    if (near.minDistance !== undefined) near.minDistance *= EARTH_RADIUS_METRES;
  }
  if (v.key !== undefined && typeof v.key !== 'string') throw badGeo('$geoNear key must be a field name');
  if (v.query !== undefined && (typeof v.query !== 'object' || v.query === null)) throw badGeo('$geoNear query must be an object');
  const multiplier = v.distanceMultiplier ?? 1;
  if (typeof multiplier !== 'number') throw badGeo('$geoNear distanceMultiplier must be a number');
  return {
    near,
    distanceField: v.distanceField,
    key: v.key as string | undefined,
    query: v.query as Record<string, unknown> | undefined,
    includeLocs: typeof v.includeLocs === 'string' ? v.includeLocs : undefined,
    distanceMultiplier: legacy ? multiplier / EARTH_RADIUS_METRES : multiplier,
  };
}

/** Runs $geoNear over already-filtered documents: distance annotation, range filter, nearest first. */
export function runGeoNear(docs: Record<string, unknown>[], stage: GeoNearStage, key: string): Record<string, unknown>[] {
  const out: Array<{ doc: Record<string, unknown>; dist: number }> = [];
  for (const doc of docs) {
    let best: { dist: number; loc: unknown } | null = null;
    for (const v of valuesAt(doc, key)) {
      const dist = distanceTo(v, stage.near.center);
      if (dist !== null && (!best || dist < best.dist)) best = { dist, loc: v };
    }
    if (!best || !withinNear(best.dist, stage.near)) continue;
    const copy: Record<string, unknown> = { ...doc };
    setPath(copy, stage.distanceField, best.dist * stage.distanceMultiplier);
    if (stage.includeLocs) setPath(copy, stage.includeLocs, best.loc);
    out.push({ doc: copy, dist: best.dist });
  }
  out.sort((a, b) => a.dist - b.dist);
  return out.map((o) => o.doc);
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    cur[p] = next && typeof next === 'object' && !Array.isArray(next) ? { ...(next as object) } : {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}
