// 3D preview of a case's scans (STL, PLY, OBJ) on the case page. The page lists and
// downloads the files without it; three.js (static/vendor/three, copied at build time)
// is loaded only when someone asks for a preview.

const messages = {
  en: {
    loading: 'Loading the scan…',
    failed: 'This scan cannot be shown. Download it to open it in your software.',
    webgl: 'This browser cannot show 3D previews (WebGL is off or not supported).',
    unsupported: 'There is no preview for this kind of file.',
    empty: 'This scan contains no surface to show.',
  },
  fr: {
    loading: 'Chargement du scan…',
    failed: 'Ce scan ne peut pas être affiché. Téléchargez-le pour l’ouvrir dans votre logiciel.',
    webgl: 'Ce navigateur ne peut pas afficher d’aperçu 3D (WebGL est désactivé ou non pris en charge).',
    unsupported: 'Aucun aperçu n’est disponible pour ce type de fichier.',
    empty: 'Ce scan ne contient aucune surface à afficher.',
  },
  ar: {
    loading: 'جارٍ تحميل المسح…',
    failed: 'لا يمكن عرض هذا المسح. نزّله لفتحه في برنامجك.',
    webgl: 'لا يستطيع هذا المتصفح عرض المعاينات ثلاثية الأبعاد (WebGL معطّل أو غير مدعوم).',
    unsupported: 'لا توجد معاينة لهذا النوع من الملفات.',
    empty: 'لا يحتوي هذا المسح على سطح لعرضه.',
  },
};

function text(key) {
  const lang = (document.documentElement.lang || 'en').slice(0, 2).toLowerCase();
  return (messages[lang] || messages.en)[key];
}

let libraries = null;

// One download of three.js and its addons per page, shared by every preview.
function loadLibraries() {
  if (!libraries) {
    libraries = Promise.all([
      import('./vendor/three/three.module.js'),
      import('./vendor/three/STLLoader.js'),
      import('./vendor/three/PLYLoader.js'),
      import('./vendor/three/OBJLoader.js'),
      import('./vendor/three/OrbitControls.js'),
    ]).then(([THREE, stl, ply, obj, orbit]) => ({
      THREE,
      STLLoader: stl.STLLoader,
      PLYLoader: ply.PLYLoader,
      OBJLoader: obj.OBJLoader,
      OrbitControls: orbit.OrbitControls,
    }));
    // A failed download may succeed on the next click.
    libraries.catch(() => { libraries = null; });
  }
  return libraries;
}

function triangleCount(geometry) {
  if (geometry.index) return Math.floor(geometry.index.count / 3);
  const position = geometry.getAttribute('position');
  return position ? Math.floor(position.count / 3) : 0;
}

// Turns the file's bytes into an Object3D and its number of triangles.
function parse(lib, format, buffer) {
  const { THREE } = lib;
  const material = (geometry) => new THREE.MeshStandardMaterial({
    color: geometry.getAttribute('color') ? 0xffffff : 0xe9dfd0,
    vertexColors: Boolean(geometry.getAttribute('color')),
    roughness: 0.6,
    metalness: 0,
    side: THREE.DoubleSide,
  });

  if (format === 'stl' || format === 'ply') {
    const geometry = format === 'stl'
      ? new lib.STLLoader().parse(buffer)
      : new lib.PLYLoader().parse(buffer);
    // A PLY without faces is a point cloud: show its points.
    if (format === 'ply' && !geometry.index) {
      const points = new THREE.Points(geometry, new THREE.PointsMaterial({
        size: 2,
        sizeAttenuation: false,
        color: 0xe9dfd0,
        vertexColors: Boolean(geometry.getAttribute('color')),
      }));
      return { object: points, triangles: 0 };
    }
    // Many scanners write zero normals into STL files: derive them from the faces.
    if (format === 'stl' || !geometry.getAttribute('normal')) geometry.computeVertexNormals();
    return { object: new THREE.Mesh(geometry, material(geometry)), triangles: triangleCount(geometry) };
  }

  if (format === 'obj') {
    const group = new lib.OBJLoader().parse(new TextDecoder().decode(buffer));
    let triangles = 0;
    group.traverse((child) => {
      if (!child.isMesh) return;
      if (!child.geometry.getAttribute('normal')) child.geometry.computeVertexNormals();
      child.material = material(child.geometry);
      triangles += triangleCount(child.geometry);
    });
    return { object: group, triangles };
  }
  return null;
}

function dispose(object) {
  object.traverse((child) => {
    if (child.geometry) child.geometry.dispose();
    if (child.material) [].concat(child.material).forEach((m) => m.dispose());
  });
}

// The page's surface colour, so the preview follows the light or dark theme.
function background(THREE) {
  const value = getComputedStyle(document.documentElement).getPropertyValue('--surface').trim();
  const color = new THREE.Color(0xf3f5f8);
  if (value) {
    try { color.setStyle(value); } catch (e) { /* keep the default */ }
  }
  return color;
}

// One viewer per .scan-preview: renderer, scene, camera and controls, made on first use.
class Viewer {
  constructor(lib, canvas) {
    const { THREE } = lib;
    this.THREE = THREE;
    this.canvas = canvas;
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.scene = new THREE.Scene();
    this.scene.background = background(THREE);
    this.camera = new THREE.PerspectiveCamera(35, 4 / 3, 0.1, 1000);
    this.scene.add(this.camera);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x667788, 1.2));
    // The key light sits at the camera, so the side being looked at is always lit.
    const light = new THREE.DirectionalLight(0xffffff, 1.6);
    light.position.set(0.5, 1, 1);
    this.camera.add(light);
    this.controls = new lib.OrbitControls(this.camera, canvas);
    this.controls.addEventListener('change', () => this.render());
    // Arrow keys pan the scan once the canvas has focus.
    if (!canvas.hasAttribute('tabindex')) canvas.tabIndex = 0;
    this.controls.listenToKeyEvents(canvas);
    this.object = null;
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => this.resize()).observe(canvas);
    }
  }

  resize() {
    const width = Math.max(1, this.canvas.clientWidth);
    const height = Math.max(1, this.canvas.clientHeight);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.render();
  }

  render() {
    this.renderer.render(this.scene, this.camera);
  }

  show(object) {
    const { THREE } = this;
    if (this.object) {
      this.scene.remove(this.object);
      dispose(this.object);
    }
    // Centre the scan on the origin, inside a pivot that the controls turn around.
    const box = new THREE.Box3().setFromObject(object);
    const pivot = new THREE.Group();
    object.position.sub(box.getCenter(new THREE.Vector3()));
    pivot.add(object);
    this.scene.add(pivot);
    this.object = pivot;

    const radius = Math.max(box.getBoundingSphere(new THREE.Sphere()).radius, 1e-6);
    const distance = radius / Math.sin(THREE.MathUtils.degToRad(this.camera.fov / 2)) * 1.1;
    this.camera.near = distance / 100;
    this.camera.far = distance * 100;
    // Slightly from above and aside, so the first view shows depth.
    this.camera.position.set(0.25, 0.35, 0.9).normalize().multiplyScalar(distance);
    this.controls.target.set(0, 0, 0);
    this.controls.minDistance = distance / 20;
    this.controls.maxDistance = distance * 10;
    this.controls.update();
    this.resize();
  }
}

const viewers = new WeakMap();
// The latest request per panel: a slower earlier one must not replace it when it ends.
const latest = new WeakMap();

function statusLine(panel) {
  let line = panel.querySelector('.preview-status');
  if (!line) {
    line = document.createElement('p');
    line.className = 'preview-status';
    line.setAttribute('role', 'status');
    panel.insertBefore(line, panel.firstChild);
  }
  return line;
}

function say(panel, message, isError) {
  const line = statusLine(panel);
  line.textContent = message || '';
  line.hidden = !message;
  line.classList.toggle('preview-error', Boolean(isError));
  panel.classList.toggle('failed', Boolean(isError));
}

async function preview(button, panel) {
  const canvas = panel.querySelector('canvas');
  const format = (button.dataset.format || '').toLowerCase();
  const request = {};
  latest.set(panel, request);
  const stale = () => latest.get(panel) !== request;
  panel.hidden = false;
  canvas.dataset.loaded = 'false';
  delete canvas.dataset.triangles;
  panel.setAttribute('aria-busy', 'true');
  say(panel, text('loading'), false);
  panel.scrollIntoView({ block: 'nearest' });

  let lib;
  try {
    lib = await loadLibraries();
  } catch (e) {
    if (!stale()) {
      say(panel, text('failed'), true);
      panel.removeAttribute('aria-busy');
    }
    return;
  }
  if (stale()) return;

  try {
    if (!['stl', 'ply', 'obj'].includes(format)) {
      say(panel, text('unsupported'), true);
      return;
    }
    let viewer = viewers.get(panel);
    if (!viewer) {
      try {
        viewer = new Viewer(lib, canvas);
      } catch (e) {
        say(panel, text('webgl'), true);
        return;
      }
      viewers.set(panel, viewer);
    }
    const response = await fetch(button.dataset.preview, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const buffer = await response.arrayBuffer();
    if (stale()) return;
    const parsed = parse(lib, format, buffer);
    if (!parsed) {
      say(panel, text('unsupported'), true);
      return;
    }
    const box = new lib.THREE.Box3().setFromObject(parsed.object);
    if (box.isEmpty()) {
      dispose(parsed.object);
      say(panel, text('empty'), true);
      return;
    }
    viewer.show(parsed.object);
    canvas.dataset.triangles = String(parsed.triangles);
    canvas.dataset.loaded = 'true';
    say(panel, '', false);
  } catch (e) {
    if (!stale()) say(panel, text('failed'), true);
  } finally {
    if (!stale()) panel.removeAttribute('aria-busy');
  }
}

function start() {
  const buttons = document.querySelectorAll('button.preview-button[data-preview]');
  buttons.forEach((button) => {
    const section = button.closest('section') || document;
    const panel = section.querySelector('.scan-preview');
    if (!panel || !panel.querySelector('canvas')) return;
    button.setAttribute('aria-controls', ensureId(panel));
    button.addEventListener('click', () => preview(button, panel));
  });
}

let nextId = 0;
function ensureId(element) {
  if (!element.id) element.id = `scan-preview-${++nextId}`;
  return element.id;
}

// A module runs after the document is parsed.
start();
