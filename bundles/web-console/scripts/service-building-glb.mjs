// Writes web/public/models/service-building-c.glb: a glTF 2.0 model of the demo's 服务楼(C座), the building the demo
// county names a model for (twin-demo Site.java: footprint 36 m × 14.4 m, 17.4 m high; floors 5.1 + 4.5 + 3.9 + 3.9).
// Plain Node and a hand-written GLB container, so the console needs no model tooling or npm dependency.
// Regenerate (from bundles/web-console): node scripts/service-building-glb.mjs
//
// Frame: glTF y up, 1 unit = 1 m, x east, -z north, origin at the footprint's origin corner, so the model fills
// x 0..36, z -14.4..0, y 0..17.4: exactly where the console would extrude the footprint (it turns y up into z up).
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'public', 'models', 'service-building-c.glb');
export const ROOT_NODE = 'ServiceBuildingC';

const WIDTH = 36;
const DEPTH = 14.4;
const HEIGHT = 17.4;
const PODIUM = 5.1 + 4.5; // canteen and dining hall
const EAVES = 16.6; // the office storeys end here; the roof rises to HEIGHT
const INSET = 0.8; // the office block steps back from the podium
const ENTRANCE = 2.4; // the podium's south wall is set back behind the portico

/** Mesh data being built: flat-shaded faces, each with its own vertices so normals stay sharp. */
class Part {
  constructor() {
    this.positions = [];
    this.normals = [];
    this.indices = [];
  }

  /** A planar quad or triangle, corners counter-clockwise seen from outside. */
  face(...corners) {
    const [a, b, c] = corners;
    const u = b.map((v, i) => v - a[i]);
    const w = c.map((v, i) => v - a[i]);
    const n = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
    const len = Math.hypot(...n);
    const base = this.positions.length / 3;
    for (const p of corners) {
      this.positions.push(...p);
      this.normals.push(...n.map((v) => v / len));
    }
    for (let i = 1; i + 1 < corners.length; i++) this.indices.push(base, base + i, base + i + 1);
    return this;
  }

  /** An axis-aligned box between (x0,y0,z0) and (x1,y1,z1). */
  box(x0, y0, z0, x1, y1, z1) {
    const p = (x, y, z) => [x, y, z];
    this.face(p(x0, y0, z1), p(x1, y0, z1), p(x1, y1, z1), p(x0, y1, z1)); // +z (south)
    this.face(p(x1, y0, z0), p(x0, y0, z0), p(x0, y1, z0), p(x1, y1, z0)); // -z (north)
    this.face(p(x1, y0, z1), p(x1, y0, z0), p(x1, y1, z0), p(x1, y1, z1)); // +x
    this.face(p(x0, y0, z0), p(x0, y0, z1), p(x0, y1, z1), p(x0, y1, z0)); // -x
    this.face(p(x0, y1, z1), p(x1, y1, z1), p(x1, y1, z0), p(x0, y1, z0)); // top
    this.face(p(x0, y0, z0), p(x1, y0, z0), p(x1, y0, z1), p(x0, y0, z1)); // bottom
    return this;
  }
}

// Materials: linear baseColorFactor from sRGB hex, not metallic (glTF's default metal would render black here).
const srgb = (hex) => [0, 2, 4].map((i) => {
  const c = parseInt(hex.slice(1 + i, 3 + i), 16) / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});
export const WALL = '#c8744a'; // terracotta brick: a hue no other campus object has
export const ROOF = '#3f4a5a'; // slate
const materials = [
  { name: 'Wall', pbrMetallicRoughness: { baseColorFactor: [...srgb(WALL), 1], metallicFactor: 0, roughnessFactor: 0.9 } },
  { name: 'Roof', pbrMetallicRoughness: { baseColorFactor: [...srgb(ROOF), 1], metallicFactor: 0, roughnessFactor: 0.8 } },
];
const [WALL_M, ROOF_M] = [0, 1];

// The parts, as named nodes under one root.
const zN = -DEPTH; // north wall
const podium = new Part().box(0, 0, zN, WIDTH, PODIUM, -ENTRANCE);
const offices = new Part().box(INSET, PODIUM, zN + INSET, WIDTH - INSET, EAVES, -INSET);
// gable roof, ridge east-west over the office block's middle
const roof = new Part();
{
  const [x0, x1, zs, zn, zr] = [INSET, WIDTH - INSET, -INSET, zN + INSET, -DEPTH / 2];
  roof.face([x0, EAVES, zs], [x1, EAVES, zs], [x1, HEIGHT, zr], [x0, HEIGHT, zr]); // south slope
  roof.face([x1, EAVES, zn], [x0, EAVES, zn], [x0, HEIGHT, zr], [x1, HEIGHT, zr]); // north slope
  roof.face([x1, EAVES, zs], [x1, EAVES, zn], [x1, HEIGHT, zr]); // east gable
  roof.face([x0, EAVES, zn], [x0, EAVES, zs], [x0, HEIGHT, zr]); // west gable
}
// portico: a canopy on four columns before the entrance, within the footprint
const columns = new Part();
for (const x of [11, 15.5, 20.5, 25]) columns.box(x - 0.3, 0, -0.9, x + 0.3, 4.6, -0.3);
const canopy = new Part().box(10, 4.6, -ENTRANCE, 26, 5.1, 0);
// window bands on the south faces, a hand's breadth proud of the wall
const windows = new Part();
for (const [y0, y1] of [[6.4, 8.8], [10.4, 12.6], [14.2, 16.0]]) {
  const z = y0 < PODIUM ? -ENTRANCE : -INSET;
  const [xa, xb] = y0 < PODIUM ? [1.5, WIDTH - 1.5] : [INSET + 1.2, WIDTH - INSET - 1.2];
  windows.box(xa, y0, z, xb, y1, z + 0.08);
}
const meshes = [
  { name: 'Podium', primitives: [[podium, WALL_M]] },
  { name: 'Offices', primitives: [[offices, WALL_M]] },
  { name: 'Roof', primitives: [[roof, ROOF_M]] },
  { name: 'Portico', primitives: [[columns, WALL_M], [canopy, ROOF_M]] },
  { name: 'Windows', primitives: [[windows, ROOF_M]] },
];

// Buffers: per primitive positions, normals (float32) and indices (uint16), each view 4-byte aligned.
const chunks = [];
let byteLength = 0;
const bufferViews = [];
const accessors = [];
function view(typed, target) {
  const bytes = Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
  const pad = (4 - (bytes.length % 4)) % 4;
  bufferViews.push({ buffer: 0, byteOffset: byteLength, byteLength: bytes.length, target });
  chunks.push(bytes, Buffer.alloc(pad));
  byteLength += bytes.length + pad;
  return bufferViews.length - 1;
}
function vec3(values) {
  const min = [0, 1, 2].map((i) => Math.min(...values.filter((_, k) => k % 3 === i)));
  const max = [0, 1, 2].map((i) => Math.max(...values.filter((_, k) => k % 3 === i)));
  accessors.push({ bufferView: view(new Float32Array(values), 34962), componentType: 5126, count: values.length / 3,
    type: 'VEC3', min, max });
  return accessors.length - 1;
}
const gltfMeshes = meshes.map(({ name, primitives }) => ({
  name,
  primitives: primitives.map(([part, material]) => {
    const POSITION = vec3(part.positions);
    const NORMAL = vec3(part.normals);
    accessors.push({ bufferView: view(new Uint16Array(part.indices), 34963), componentType: 5123,
      count: part.indices.length, type: 'SCALAR' });
    return { attributes: { POSITION, NORMAL }, indices: accessors.length - 1, material };
  }),
}));

const gltf = {
  asset: { version: '2.0', generator: 'dayuan web-console scripts/service-building-glb.mjs' },
  scene: 0,
  scenes: [{ name: 'Campus', nodes: [0] }],
  nodes: [
    { name: ROOT_NODE, children: meshes.map((_, i) => i + 1) },
    ...meshes.map((m, i) => ({ name: m.name, mesh: i })),
  ],
  meshes: gltfMeshes,
  materials,
  accessors,
  bufferViews,
  buffers: [{ byteLength }],
};

// GLB: 12-byte header, JSON chunk padded with spaces, BIN chunk padded with zeros (glTF 2.0 §4.4).
const json = Buffer.from(JSON.stringify(gltf), 'utf8');
const jsonChunk = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, 0x20)]);
const bin = Buffer.concat(chunks);
const chunkHeader = (length, type) => {
  const h = Buffer.alloc(8);
  h.writeUInt32LE(length, 0);
  h.writeUInt32LE(type, 4);
  return h;
};
const total = 12 + 8 + jsonChunk.length + 8 + bin.length;
const header = Buffer.alloc(12);
header.writeUInt32LE(0x46546c67, 0); // 'glTF'
header.writeUInt32LE(2, 4);
header.writeUInt32LE(total, 8);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, Buffer.concat([header, chunkHeader(jsonChunk.length, 0x4e4f534a), jsonChunk,
  chunkHeader(bin.length, 0x004e4942), bin]));
console.log(`${OUT}: ${total} bytes, root node ${ROOT_NODE}`);
