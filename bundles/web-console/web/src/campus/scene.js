import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import {
  DEF, ROOM_COLOURS, DEVICE_COLOURS, BUILDING_COLOUR, FLOOR_COLOUR, PARKING_COLOURS,
  alarmedSets, roomState, deviceState,
} from './state.js';

const BACKGROUND = '#0b1526';
const GROUND = '#2e3b33';
const MARKER_SIZE = 2; // metres across: markers scale with distance like the buildings
// Where the camera looks from, in three's frame (x east, y up, z south): south-east and above.
const VIEW_OVERVIEW = new THREE.Vector3(0.55, 0.75, 0.9).normalize();
const VIEW_PLAN = new THREE.Vector3(0.2, 1.6, 0.7).normalize();

function shapeOf(footprint) {
  const shape = new THREE.Shape();
  footprint.forEach(([x, y], i) => (i === 0 ? shape.moveTo(x, y) : shape.lineTo(x, y)));
  shape.closePath();
  return shape;
}

function extruded(footprint, height, material) {
  const geometry = new THREE.ExtrudeGeometry(shapeOf(footprint), { depth: Math.max(height, 0.05), bevelEnabled: false });
  const mesh = new THREE.Mesh(geometry, material);
  mesh.add(new THREE.LineSegments(new THREE.EdgesGeometry(geometry, 30),
    new THREE.LineBasicMaterial({ color: 0x1d2a3a, transparent: true, opacity: 0.6 })));
  return mesh;
}

/**
 * Whether WebGL runs on a CPU rasteriser (SwiftShader, llvmpipe): there multisampling costs about two thirds of the
 * frame rate, so the campus is drawn without it.
 */
function softwareGl() {
  try {
    const gl = document.createElement('canvas').getContext('webgl2') || document.createElement('canvas').getContext('webgl');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    const name = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : '';
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software/i.test(String(name));
  } catch {
    return false;
  }
}

/** A round point sprite, so markers read as dots rather than squares. */
function discTexture() {
  const c = document.createElement('canvas');
  c.width = c.height = 64;
  const g = c.getContext('2d');
  g.beginPath();
  g.arc(32, 32, 28, 0, Math.PI * 2);
  g.fillStyle = '#ffffff';
  g.fill();
  g.lineWidth = 5;
  g.strokeStyle = '#202020';
  g.stroke();
  return new THREE.CanvasTexture(c);
}

/** Markers as points, one vertex each: thousands stay cheap even on software GL. */
function pointCloud(n, texture) {
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(n * 3), 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(new Float32Array(n * 3), 3));
  const material = new THREE.PointsMaterial({ size: MARKER_SIZE, vertexColors: true, map: texture, alphaTest: 0.5 });
  return new THREE.Points(geometry, material);
}

/**
 * The campus in three.js. The root group turns the twins' frame (x east, y north, z up) into three's (y up), so every
 * child is placed in the twins' own metres. Knows nothing of the API: it is given twins and tells which was picked.
 */
export function createScene(canvas) {
  // preserveDrawingBuffer: screenshots and the tests' pixel reads see the drawn frame
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: !softwareGl(), preserveDrawingBuffer: true });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(BACKGROUND);
  const camera = new THREE.PerspectiveCamera(45, 1, 0.5, 5000);
  camera.position.set(150, 150, 250);
  const controls = new OrbitControls(camera, canvas);
  controls.maxPolarAngle = Math.PI * 0.48;
  controls.screenSpacePanning = false;
  scene.add(new THREE.HemisphereLight(0xffffff, 0x556070, 1.6));
  const sun = new THREE.DirectionalLight(0xffffff, 1.6);
  sun.position.set(120, 250, 160);
  scene.add(sun);

  const root = new THREE.Group();
  root.rotation.x = -Math.PI / 2;
  scene.add(root);

  let objects = new Map(); // thingId -> { kind, twin, mesh, group, building, floor, index }
  let markers = null; // Points of the twins' devices shown at this level
  let markerIds = []; // every device, in build order
  let slotIds = []; // the device drawn at each point of `markers`
  let synthetic = null; // ?markers=N: client-side test load, never data
  let colours = new Map();
  let focus = { level: 'campus', building: null, floor: null, selected: null };
  let needsRender = false;
  let frameRequested = false;
  let disposed = false;
  let firstFrame = null;
  const firstFrameWaiters = [];
  const disposables = [];
  const gltfLoader = new GLTFLoader();
  const disc = discTexture();

  function invalidate() {
    needsRender = true;
    if (!frameRequested) {
      frameRequested = true;
      requestAnimationFrame(frame);
    }
  }

  function frame() {
    frameRequested = false;
    if (!needsRender || disposed) return;
    needsRender = false;
    controls.update();
    renderer.render(scene, camera);
    if (firstFrame === null && objects.size > 0) {
      firstFrame = performance.now();
      firstFrameWaiters.splice(0).forEach((fn) => fn(firstFrame));
    }
  }

  controls.addEventListener('change', invalidate);
  const resize = () => {
    const { clientWidth: w, clientHeight: h } = canvas.parentElement;
    if (!w || !h) return;
    renderer.setSize(w, h, false);
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
    invalidate();
  };
  const observer = new ResizeObserver(resize);
  observer.observe(canvas.parentElement);

  function clearScene() {
    for (const child of [...root.children]) {
      root.remove(child);
      if (child === synthetic) continue; // kept across rebuilds
      child.traverse((o) => {
        o.geometry?.dispose();
        [].concat(o.material || []).forEach((m) => m.dispose());
      });
    }
    disposables.splice(0).forEach((d) => d.dispose());
    objects = new Map();
    markers = null;
    markerIds = [];
    slotIds = [];
    colours = new Map();
  }

  function track(x) {
    disposables.push(x);
    return x;
  }

  function material(colour, extra = {}) {
    return track(new THREE.MeshLambertMaterial({ color: colour, ...extra }));
  }

  /** The twin's building and floor, walking up the parents. */
  function placeOf(twins, twin) {
    let building = null;
    let floor = null;
    for (let cur = twins.get(twin.attributes?.parent), n = 0; cur && n < 12; cur = twins.get(cur.attributes?.parent), n++) {
      if (!floor && cur.definition === DEF.floor) floor = cur;
      if (cur.definition === DEF.building) {
        building = cur;
        break;
      }
      if (cur.definition === DEF.campus) break;
    }
    return { building, floor };
  }

  /** A point given in a building's frame (z above its floor), in the campus frame. */
  function toCampus(building, floor, x, y, z) {
    if (!building) return new THREE.Vector3(x, y, z);
    const g = building.attributes.geometry || {};
    const o = g.offset || {};
    const r = THREE.MathUtils.degToRad(g.rotation || 0);
    const elevation = floor?.attributes?.geometry?.elevation || 0;
    return new THREE.Vector3(
      (o.x || 0) + x * Math.cos(r) - y * Math.sin(r),
      (o.y || 0) + x * Math.sin(r) + y * Math.cos(r),
      (o.z || 0) + elevation + z);
  }

  /**
   * Draws the twin's glTF (geometry.model) in place of its extruded shell. The model is in the building's frame
   * (1 unit = 1 m, origin at the footprint's origin corner) but y up, as glTF is: a holder turns it z up. The named
   * node keeps the placement it has in the file (its parents' transforms included).
   */
  function loadModel(group, model, thingId, shell) {
    gltfLoader.load(model.url, (gltf) => {
      const o = objects.get(thingId);
      if (!o || o.group !== group) { // the scene was rebuilt while the file loaded
        gltf.scene.traverse((x) => {
          x.geometry?.dispose();
          [].concat(x.material || []).forEach((m) => m.dispose());
        });
        return;
      }
      let node = gltf.scene;
      if (model.node) node = gltf.scene.getObjectByName(model.node) || gltf.scene;
      gltf.scene.updateMatrixWorld(true);
      node.matrixWorld.decompose(node.position, node.quaternion, node.scale);
      const holder = new THREE.Group();
      holder.rotation.x = Math.PI / 2;
      holder.add(node);
      holder.traverse((x) => { x.userData.thingId = thingId; });
      group.add(holder);
      shell.visible = false;
      o.model = holder;
      applyFocus();
    }, undefined, (err) => console.warn(`glTF of ${thingId} not loaded`, err));
  }

  /** Draws the campus from its twins (a Map thingId -> twin, the campus included). */
  function build(twins, campusId) {
    clearScene();
    const campus = twins.get(campusId);
    const cg = campus?.attributes?.geometry || {};
    if (Array.isArray(cg.footprint) && cg.footprint.length > 2) {
      const ground = new THREE.Mesh(track(new THREE.ShapeGeometry(shapeOf(cg.footprint))), material(GROUND));
      ground.position.z = -0.05;
      root.add(ground);
    }
    objects.set(campusId, { kind: 'campus', twin: campus });
    const groups = new Map();
    const floorsOf = new Map();
    for (const twin of twins.values()) {
      const g = twin.attributes?.geometry;
      if (twin.definition !== DEF.building || !g) continue;
      const group = new THREE.Group();
      group.position.set(g.offset?.x || 0, g.offset?.y || 0, g.offset?.z || 0);
      group.rotation.z = THREE.MathUtils.degToRad(g.rotation || 0);
      root.add(group);
      groups.set(twin.thingId, group);
      const footprint = g.footprint || [[0, 0], [10, 0], [10, 10], [0, 10]];
      const shell = extruded(footprint, g.height || 10, material(BUILDING_COLOUR));
      track(shell.geometry);
      shell.userData.thingId = twin.thingId;
      group.add(shell);
      objects.set(twin.thingId, { kind: 'building', twin, mesh: shell, group });
      colours.set(twin.thingId, BUILDING_COLOUR);
      if (g.model?.url) loadModel(group, g.model, twin.thingId, shell);
      floorsOf.set(twin.thingId, []);
    }
    for (const twin of twins.values()) {
      const g = twin.attributes?.geometry;
      if (twin.definition !== DEF.floor || !g) continue;
      const bid = twin.attributes.parent;
      const group = groups.get(bid);
      if (!group) continue;
      const footprint = g.footprint || objects.get(bid).twin.attributes.geometry.footprint;
      const shell = extruded(footprint, (g.height || 3) * 0.94,
        material(FLOOR_COLOUR, { transparent: true, opacity: 0.45, depthWrite: false }));
      track(shell.geometry);
      shell.position.z = g.elevation || 0;
      shell.userData.thingId = twin.thingId;
      const plate = extruded(footprint, 0.2, material('#37474f'));
      track(plate.geometry);
      plate.position.z = (g.elevation || 0) - 0.2;
      group.add(shell, plate);
      objects.set(twin.thingId, { kind: 'floor', twin, mesh: shell, plate, group, building: bid });
      colours.set(twin.thingId, FLOOR_COLOUR);
      floorsOf.get(bid).push(twin.thingId);
    }
    const unitBox = track(new THREE.BoxGeometry(1, 1, 1));
    const devices = [];
    for (const twin of twins.values()) {
      const g = twin.attributes?.geometry;
      if (!g || objects.has(twin.thingId)) continue;
      const { building, floor } = placeOf(twins, twin);
      if (g.box && (twin.definition === DEF.room || twin.definition === DEF.parking || building)) {
        const { x = 0, y = 0, width = 1, depth = 1 } = g.box;
        const room = twin.definition === DEF.room;
        const floorHeight = floor?.attributes?.geometry?.height || 3.5;
        const h = room ? floorHeight * 0.35 : 0.12;
        const inset = room ? 0.15 : 0.1;
        const mesh = new THREE.Mesh(unitBox, material(room ? ROOM_COLOURS.idle : PARKING_COLOURS.free));
        mesh.scale.set(Math.max(width - 2 * inset, 0.1), Math.max(depth - 2 * inset, 0.1), h);
        const elevation = building ? (floor?.attributes?.geometry?.elevation || 0) : 0;
        mesh.position.set(x + width / 2, y + depth / 2, elevation + h / 2 + 0.01);
        mesh.userData.thingId = twin.thingId;
        (building ? groups.get(building.thingId) : root)?.add(mesh);
        objects.set(twin.thingId, {
          kind: room ? 'room' : 'area', twin, mesh, building: building?.thingId || null, floor: floor?.thingId || null,
        });
      } else if (g.position) {
        const p = toCampus(building, floor, g.position.x || 0, g.position.y || 0, g.position.z || 0);
        devices.push({ twin, p, building: building?.thingId || null, floor: floor?.thingId || null });
      }
    }
    if (devices.length) {
      markers = pointCloud(devices.length, disc);
      track(markers.geometry);
      track(markers.material);
      devices.forEach((d, i) => {
        markerIds.push(d.twin.thingId);
        objects.set(d.twin.thingId, { kind: 'device', twin: d.twin, index: i, p: d.p, building: d.building, floor: d.floor });
      });
      root.add(markers);
    }
    if (synthetic) root.add(synthetic);
    recolour(twins);
    applyFocus();
  }

  /** Colours rooms, parking spaces and markers from the twins' current state. */
  function recolour(twins) {
    const { alarmed, rooms, overStandard } = alarmedSets(twins);
    for (const [id, o] of objects) {
      const twin = twins.get(id);
      if (!twin) continue;
      o.twin = twin;
      if (o.kind === 'room') {
        const colour = ROOM_COLOURS[roomState(twin, rooms, overStandard)];
        o.mesh.material.color.set(colour);
        colours.set(id, colour);
      } else if (o.kind === 'area') {
        const occupied = Object.values(twin.features || {}).some((f) => f?.properties?.occupied === true);
        const colour = occupied ? PARKING_COLOURS.occupied : PARKING_COLOURS.free;
        o.mesh.material.color.set(colour);
        colours.set(id, colour);
      } else if (o.kind === 'device') {
        const colour = DEVICE_COLOURS[deviceState(twin, alarmed)];
        colours.set(id, colour);
      }
    }
    writeMarkers();
    invalidate();
  }

  function setOpacity(mesh, opacity) {
    for (const m of [].concat(mesh.material || [])) {
      m.transparent = opacity < 1;
      m.opacity = opacity;
      m.depthWrite = opacity >= 1;
      m.needsUpdate = true;
    }
  }

  /** Shows what the focus asks for: the campus, a building's floors, or one floor's plan. */
  function applyFocus() {
    const { level, building, floor, selected } = focus;
    const floorElevation = floor ? objects.get(floor)?.twin.attributes.geometry?.elevation ?? 0 : null;
    for (const [id, o] of objects) {
      if (o.kind === 'building') {
        const mine = id === building;
        o.mesh.visible = !mine && !o.model;
        if (o.model) o.model.visible = !mine;
        setOpacity(o.mesh, level === 'campus' ? 1 : 0.12);
        o.model?.traverse((x) => { if (x.isMesh) setOpacity(x, level === 'campus' ? 1 : 0.12); });
      } else if (o.kind === 'floor') {
        const mine = o.building === building && level !== 'campus';
        const elevation = o.twin.attributes.geometry?.elevation ?? 0;
        o.mesh.visible = mine && (level === 'building' || elevation < floorElevation);
        setOpacity(o.mesh, level === 'building' ? 0.45 : 0.12);
        o.plate.visible = mine && level === 'floor' && id === floor;
      } else if (o.kind === 'room' || o.kind === 'area') {
        o.mesh.visible = o.building === null || (level === 'floor' && o.floor === floor);
        o.mesh.material.emissive?.set(id === selected ? 0x555555 : 0x000000);
      }
    }
    slotIds = markerIds.filter((id) => {
      const o = objects.get(id);
      return o.building === null || (level === 'building' && o.building === building)
        || (level === 'floor' && o.floor === floor);
    });
    writeMarkers();
    invalidate();
  }

  /** The shown markers' positions and colours into the point buffers. */
  function writeMarkers() {
    if (!markers) return;
    const pos = markers.geometry.attributes.position;
    const col = markers.geometry.attributes.color;
    const c = new THREE.Color();
    slotIds.forEach((id, i) => {
      const o = objects.get(id);
      pos.setXYZ(i, o.p.x, o.p.y, o.p.z);
      c.set(colours.get(id) || DEVICE_COLOURS.ok);
      col.setXYZ(i, c.r, c.g, c.b);
    });
    pos.needsUpdate = true;
    col.needsUpdate = true;
    markers.geometry.setDrawRange(0, slotIds.length);
    markers.geometry.computeBoundingSphere();
    markers.geometry.computeBoundingBox();
  }

  function boxOf(id) {
    const o = objects.get(id);
    if (!o) return null;
    root.updateMatrixWorld(true);
    if (o.kind === 'device') {
      const p = o.p.clone().applyMatrix4(root.matrixWorld);
      return new THREE.Box3().setFromCenterAndSize(p, new THREE.Vector3(2, 2, 2));
    }
    if (o.kind === 'campus') {
      const box = new THREE.Box3();
      for (const x of objects.values()) if (x.kind === 'building') box.expandByObject(x.model || x.mesh);
      for (const x of objects.values()) if (x.kind === 'area') box.expandByObject(x.mesh);
      return box.isEmpty() ? null : box;
    }
    return new THREE.Box3().setFromObject(o.model && o.model.visible ? o.model : o.mesh);
  }

  function look(box, view) {
    if (!box) return;
    const centre = box.getCenter(new THREE.Vector3());
    const size = box.getSize(new THREE.Vector3()).length();
    const distance = (size / 2) / Math.tan(THREE.MathUtils.degToRad(camera.fov / 2)) * 1.05;
    controls.target.copy(centre);
    camera.position.copy(centre).addScaledVector(view, Math.max(distance, 15));
    camera.near = Math.max(distance / 200, 0.1);
    camera.far = distance * 20 + 500;
    camera.updateProjectionMatrix();
    controls.update();
    invalidate();
  }

  /** Moves to `next` = { level, building, floor, selected }; the camera frames the level's object. */
  function setFocus(next, { frame = true } = {}) {
    const levelChanged = next.level !== focus.level || next.building !== focus.building || next.floor !== focus.floor;
    focus = { ...next };
    applyFocus();
    if (frame && levelChanged) {
      if (focus.level === 'campus') look(boxOf([...objects].find(([, o]) => o.kind === 'campus')?.[0]), VIEW_OVERVIEW);
      else if (focus.level === 'building') look(boxOf(focus.building), VIEW_OVERVIEW);
      else look(boxOf(focus.floor), VIEW_PLAN);
    }
  }

  function pickables() {
    const list = [];
    for (const o of objects.values()) {
      if (o.kind === 'building') list.push(o.model && o.model.visible ? o.model : o.mesh);
      else if ((o.kind === 'floor' || o.kind === 'room' || o.kind === 'area') && o.mesh.visible) list.push(o.mesh);
    }
    if (markers) list.push(markers);
    return list.filter((x) => x.visible || x === markers);
  }

  const raycaster = new THREE.Raycaster();
  raycaster.params.Points.threshold = MARKER_SIZE / 2;

  function hitAt(ndc) {
    raycaster.setFromCamera(ndc, camera);
    for (const hit of raycaster.intersectObjects(pickables(), true)) {
      if (hit.object.isLineSegments) continue;
      if (hit.object === markers) {
        if (hit.index < slotIds.length) return slotIds[hit.index];
        continue;
      }
      for (let o = hit.object; o; o = o.parent) if (o.userData.thingId) return o.userData.thingId;
    }
    return null;
  }

  /** The thingId under a pointer at client pixels, or null. */
  function pick(clientX, clientY) {
    const r = canvas.getBoundingClientRect();
    return hitAt(new THREE.Vector2(((clientX - r.left) / r.width) * 2 - 1, -((clientY - r.top) / r.height) * 2 + 1));
  }

  /**
   * Where the object shows on screen, in CSS pixels of the page: its projected centre, or, when something else is
   * drawn over the centre, the first of its face centres a click would reach. Null when it is not drawn.
   */
  function screenPosition(id) {
    const box = boxOf(id);
    if (!box || box.isEmpty()) return null;
    const c = box.getCenter(new THREE.Vector3());
    const { min, max } = box;
    const candidates = [c];
    const inner = (a, b) => a + (b - a) * 0.5;
    for (const f of [0.5, 0.3, 0.7]) {
      candidates.push(
        new THREE.Vector3(inner(min.x, max.x), max.y, min.z + (max.z - min.z) * f),
        new THREE.Vector3(min.x + (max.x - min.x) * f, inner(min.y, max.y), max.z),
        new THREE.Vector3(max.x, inner(min.y, max.y), min.z + (max.z - min.z) * f),
        new THREE.Vector3(min.x + (max.x - min.x) * f, max.y * 0.999 + min.y * 0.001, inner(min.z, max.z)));
    }
    const r = canvas.getBoundingClientRect();
    for (const p of candidates) {
      const ndc = p.clone().project(camera);
      if (Math.abs(ndc.x) > 1 || Math.abs(ndc.y) > 1 || ndc.z > 1) continue;
      if (hitAt(new THREE.Vector2(ndc.x, ndc.y)) === id) {
        return { x: r.left + ((ndc.x + 1) / 2) * r.width, y: r.top + ((1 - ndc.y) / 2) * r.height };
      }
    }
    return null;
  }

  /**
   * Test load only (`?markers=N`): N synthetic markers scattered over the campus, drawn like device markers but not
   * twins: never picked, never coloured by data.
   */
  function addSyntheticMarkers(n, twins, campusId) {
    const fp = twins.get(campusId)?.attributes?.geometry?.footprint || [[0, 0], [200, 0], [200, 140], [0, 140]];
    const xs = fp.map((p) => p[0]);
    const ys = fp.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    synthetic = pointCloud(n, disc);
    const pos = synthetic.geometry.attributes.position;
    const col = synthetic.geometry.attributes.color;
    const c = new THREE.Color();
    const palette = Object.values(DEVICE_COLOURS);
    let seed = 42;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < n; i++) {
      pos.setXYZ(i, x0 + rand() * (x1 - x0), y0 + rand() * (y1 - y0), rand() * 30);
      c.set(palette[i % palette.length]);
      col.setXYZ(i, c.r, c.g, c.b);
    }
    synthetic.geometry.computeBoundingSphere();
    synthetic.userData.synthetic = true;
    root.add(synthetic);
    invalidate();
  }

  /** Frames per second while the camera circles the campus for `ms`, every frame really drawn. */
  function measureFps(ms = 3000) {
    return new Promise((resolve) => {
      const start = performance.now();
      let frames = 0;
      const offset = camera.position.clone().sub(controls.target);
      const step = () => {
        const now = performance.now();
        if (now - start >= ms) {
          resolve(frames / ((now - start) / 1000));
          return;
        }
        offset.applyAxisAngle(new THREE.Vector3(0, 1, 0), 0.01);
        camera.position.copy(controls.target).add(offset);
        camera.lookAt(controls.target);
        renderer.render(scene, camera);
        frames++;
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  }

  return {
    build,
    recolour,
    setFocus,
    focus: () => ({ ...focus }),
    pick,
    screenPosition,
    colourOf: (id) => colours.get(id) ?? null,
    has: (id) => objects.has(id),
    kindOf: (id) => objects.get(id)?.kind ?? null,
    modelOf: (id) => Boolean(objects.get(id)?.model),
    addSyntheticMarkers,
    measureFps,
    whenDrawn: () => (firstFrame !== null ? Promise.resolve(firstFrame)
      : new Promise((resolve) => firstFrameWaiters.push(resolve))),
    resize,
    dispose() {
      disposed = true;
      observer.disconnect();
      controls.dispose();
      clearScene();
      renderer.dispose();
      // A browser keeps a few WebGL contexts alive at a time (16 in Chromium): give this one back now rather than at
      // the next collection, so going back and forth between views all day never costs the live scene its context.
      renderer.forceContextLoss();
    },
  };
}
