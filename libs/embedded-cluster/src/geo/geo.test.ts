import { type ClusterFixture, startFixture } from '../test/cluster-fixture';
import { distanceMeters, parseDistance } from './distance';
import { parsePoint, parseShape } from './geo-parse';

describe('geo parsing and distances', () => {
  it.each([
    [{ lat: 41.1, lon: -71.3 }, [-71.3, 41.1]],
    [[-71.3, 41.1], [-71.3, 41.1]],
    ['41.1,-71.3', [-71.3, 41.1]],
    ['POINT (-71.3 41.1)', [-71.3, 41.1]],
    [{ type: 'Point', coordinates: [-71.3, 41.1] }, [-71.3, 41.1]],
  ])('reads the point %j', (value, expected) => {
    expect(parsePoint(value, 'geo')).toEqual(expected);
  });

  it('decodes a geohash to its cell centre', () => {
    const [lon, lat] = parsePoint('drm3btev3e86', 'geo');
    expect(lon).toBeCloseTo(-71.34, 2);
    expect(lat).toBeCloseTo(41.12, 2);
  });

  it('refuses an out-of-range latitude for geo but not for xy', () => {
    expect(() => parsePoint({ lat: 91, lon: 0 }, 'geo')).toThrow(/illegal latitude/);
    expect(parsePoint({ x: 1000, y: -5000 }, 'xy')).toEqual([1000, -5000]);
  });

  it.each([
    ['12km', 12000],
    ['50mi', 80467.2],
    ['3nmi', 5556],
    ['10ft', 3.048],
    [250, 250],
    ['250', 250],
  ])('reads the distance %s as %d m', (raw, meters) => {
    expect(parseDistance(raw)).toBeCloseTo(meters, 6);
  });

  it('measures one degree of latitude as about 111.2 km on the arc and the plane', () => {
    expect(distanceMeters([0, 0], [0, 1], 'arc')).toBeCloseTo(111195, -1);
    expect(distanceMeters([0, 0], [0, 1], 'plane')).toBeCloseTo(111195, -1);
  });

  it('reads WKT, BBOX and GeoJSON envelopes the same way', () => {
    const ring = [[[0, 6], [1, 6], [1, 2], [0, 2], [0, 6]]];
    expect(parseShape({ type: 'envelope', coordinates: [[0, 6], [1, 2]] }, 'geo')).toEqual({ type: 'Polygon', coordinates: ring });
    expect(parseShape('BBOX (0, 1, 6, 2)', 'geo')).toEqual({ type: 'Polygon', coordinates: ring });
    expect(parseShape('linestring (0 0, 1 1)', 'geo')).toEqual({ type: 'LineString', coordinates: [[0, 0], [1, 1]] });
    expect(() => parseShape({ type: 'polygon', coordinates: [[[0, 0], [1, 1], [0, 1]]] }, 'geo')).toThrow(/LinearRing/);
  });
});

describe('embedded cluster: geo and xy queries', () => {
  let f: ClusterFixture;
  const ids = async (index: string, query: unknown) => {
    const r = await f.raw('POST', `/${index}/_search`, { query });
    if (r.status !== 200) return r.json;
    return r.json.hits.hits.map((h: { _id: string }) => h._id).sort();
  };

  beforeAll(async () => {
    f = await startFixture();
    await f.client.indices.create({ index: 'places', body: { mappings: { properties: { at: { type: 'geo_point' }, area: { type: 'geo_shape' }, xy: { type: 'xy_point' } } } } });
    const docs = [
      { at: { lat: 48.8584, lon: 2.2945 }, area: { type: 'polygon', coordinates: [[[2, 48], [3, 48], [3, 49], [2, 49], [2, 48]]] }, xy: [10, 10] }, // Paris
      { at: '51.5007,-0.1246', area: 'LINESTRING (-1 51, 1 52)', xy: { x: -5, y: 3 } }, // London
      { at: [179.5, -16.5], area: { type: 'point', coordinates: [179.5, -16.5] }, xy: 'POINT (500 500)' }, // Fiji, by the dateline
    ];
    await f.client.bulk({ body: docs.flatMap((d, i) => [{ index: { _index: 'places', _id: String(i + 1) } }, d]), refresh: 'true' });
    await f.client.indices.create({ index: 'shapes', body: { mappings: { properties: { shape: { type: 'geo_shape' } } } } });
    await f.client.index({ index: 'shapes', id: 'france-ish', body: { shape: { type: 'envelope', coordinates: [[-5, 52], [8, 42]] } }, refresh: 'true' });
  });
  afterAll(() => f.close());

  it('filters points in a bounding box, also across the dateline', async () => {
    expect(await ids('places', { geo_bounding_box: { at: { top: 60, left: -5, bottom: 40, right: 5 } } })).toEqual(['1', '2']);
    expect(await ids('places', { geo_bounding_box: { at: { top_left: { lat: 0, lon: 170 }, bottom_right: { lat: -30, lon: -170 } } } })).toEqual(['3']);
    expect(await ids('places', { geo_bounding_box: { at: { wkt: 'BBOX (2, 3, 49, 48)' } } })).toEqual(['1']);
  });

  it('filters points by distance with units', async () => {
    // Paris to London is about 340 km.
    expect(await ids('places', { geo_distance: { distance: '350km', at: { lat: 48.8584, lon: 2.2945 } } })).toEqual(['1', '2']);
    expect(await ids('places', { geo_distance: { distance: '300km', at: [2.2945, 48.8584] } })).toEqual(['1']);
    expect(await ids('places', { geo_distance: { distance: '250mi', distance_type: 'plane', at: '51.5,-0.12' } })).toEqual(['1', '2']);
  });

  it.each([
    ['intersects', { type: 'envelope', coordinates: [[0, 52], [2.5, 48.5]] }, ['1', '2']],
    ['within', { type: 'envelope', coordinates: [[-2, 53], [4, 47]] }, ['1', '2']],
    ['within', { type: 'envelope', coordinates: [[0, 53], [4, 47]] }, ['1']],
    ['disjoint', { type: 'envelope', coordinates: [[0, 53], [4, 47]] }, ['3']],
    ['contains', { type: 'point', coordinates: [2.5, 48.5] }, ['1']],
  ])('relates geo_shape documents to a shape: %s', async (relation, shape, expected) => {
    expect(await ids('places', { geo_shape: { area: { shape, relation } } })).toEqual(expected);
  });

  it('runs geo_shape on a geo_point field, with a WKT shape, scoring 0', async () => {
    const r = await f.raw('POST', '/places/_search', { query: { geo_shape: { at: { shape: 'POLYGON ((2 48, 3 48, 3 49, 2 49, 2 48))' } } } });
    expect(r.json.hits.hits.map((h: { _id: string; _score: number }) => [h._id, h._score])).toEqual([['1', 0]]);
  });

  it('reads an indexed_shape from another index', async () => {
    expect(await ids('places', { geo_shape: { at: { indexed_shape: { index: 'shapes', id: 'france-ish' }, relation: 'within' } } })).toEqual(['1', '2']);
    const missing = await f.raw('POST', '/places/_search', { query: { geo_shape: { at: { indexed_shape: { index: 'shapes', id: 'nope' } } } } });
    expect(missing.status).toBe(400);
  });

  it('runs xy_shape on cartesian points beyond any latitude range', async () => {
    expect(await ids('places', { xy_shape: { xy: { shape: { type: 'envelope', coordinates: [[0, 1000], [1000, 0]] } } } })).toEqual(['1', '3']);
  });

  it('refuses a malformed point at index time and a query on an unmapped field unless ignore_unmapped', async () => {
    const bad = await f.raw('PUT', '/places/_doc/9', { at: { lat: 95, lon: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.type).toBe('mapper_parsing_exception');
    const unmapped = await f.raw('POST', '/places/_search', { query: { geo_distance: { distance: '1km', nowhere: [0, 0] } } });
    expect(unmapped.status).toBe(400);
    expect(unmapped.json.error.type).toBe('query_shard_exception');
    expect(await ids('places', { geo_distance: { distance: '1km', nowhere: [0, 0], ignore_unmapped: true } })).toEqual([]);
  });
});
