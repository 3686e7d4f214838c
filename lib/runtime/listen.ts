import http from 'node:http';
import { AddressInfo } from 'node:net';

/** Listens, or fails with what to do when the port is taken (instead of an unhandled 'error' event). */
export function listen(server: http.Server, port: number, host: string, service: string, portVariable: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE'
        ? new Error(`${service}: port ${port} on ${host} is already in use; stop what holds it or set ${portVariable}`)
        : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
