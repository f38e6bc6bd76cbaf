// The packaged nginx site (packaging/nginx/molar.conf) in front of a test's molard: the file
// as shipped, with a throw-away certificate and free loopback ports in place of the real ones.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile, rm, chmod } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, repoRoot } from './molard.mjs';

const nginxPath = process.env.NGINX_BIN || (['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => {
  try { execFileSync(p, ['-v'], { stdio: 'ignore' }); return true; } catch { return false; }
}));

function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

/** Starts nginx with the packaged site proxying to molard's port; returns { url, stop() }. */
export async function startPackagedNginx(molardPort) {
  if (!nginxPath) throw new Error('nginx is missing: run scripts/install-deps.sh');
  const work = await mkdtemp(path.join(os.tmpdir(), 'molar-nginx-'));
  await chmod(work, 0o755);
  const [tlsPort, plainPort] = [await freePort(), await freePort()];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-subj', '/CN=portal.example-lab.com', '-keyout', `${work}/portal.key`, '-out', `${work}/portal.pem`],
  { stdio: 'ignore' });
  let site = await readFile(path.join(repoRoot, 'packaging', 'nginx', 'molar.conf'), 'utf8');
  for (const [shipped, here] of [
    ['server 127.0.0.1:8080;', `server 127.0.0.1:${molardPort};`],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${tlsPort} ssl http2;`],
    ['listen 80;', `listen 127.0.0.1:${plainPort};`],
    ['/etc/ssl/certs/portal.pem', `${work}/portal.pem`],
    ['/etc/ssl/private/portal.key', `${work}/portal.key`],
  ]) {
    if (!site.includes(shipped)) throw new Error(`the packaged site no longer has '${shipped}'`);
    site = site.replace(shipped, here);
  }
  await writeFile(path.join(work, 'site.conf'), site);
  for (const dir of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) await mkdir(path.join(work, dir));
  await writeFile(path.join(work, 'nginx.conf'), `
daemon off;
worker_processes 1;
user root;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 512; }
http {
  access_log ${work}/access.log;
  client_body_temp_path ${work}/body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  include ${work}/site.conf;
}
`);
  const child = spawn(nginxPath, ['-c', `${work}/nginx.conf`, '-p', work], { stdio: 'ignore' });
  let exited = false;
  child.on('exit', () => { exited = true; });
  for (let i = 0; i < 100 && !(await listening(tlsPort)); i += 1) {
    if (exited) throw new Error(`nginx exited: ${await readFile(`${work}/error.log`, 'utf8').catch(() => '')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `https://127.0.0.1:${tlsPort}`,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.on('exit', resolve));
      }
      await rm(work, { recursive: true, force: true });
    },
  };
}
