// Preloaded (node --import) into the build: any connection to a host other than this machine throws,
// so a CDN fetch, a registry lookup or telemetry fails the build instead of passing unnoticed.
import dns from "node:dns";
import net from "node:net";

const local = (host) => !host || host === "localhost" || host === "::1" || /^127\./.test(host) || host.startsWith("/");

function refuse(host) {
  const error = new Error(`hermetic build: network access to ${host} is not allowed`);
  error.code = "EHERMETIC";
  return error;
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const options = typeof args[0] === "object" && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : {host: args[1]};
  const host = options?.path ?? options?.host ?? "localhost";
  if (!local(host)) {
    console.error(refuse(host).message);
    process.exitCode = 1;
    throw refuse(host);
  }
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  if (!local(host)) {
    console.error(refuse(host).message);
    process.exitCode = 1;
    throw refuse(host);
  }
  return lookup.call(this, host, ...rest);
};

const fetch = globalThis.fetch;
globalThis.fetch = async function (input, init) {
  const url = new URL(typeof input === "string" ? input : input.url ?? String(input));
  if (!local(url.hostname.replace(/^\[|\]$/g, ""))) {
    console.error(refuse(url.hostname).message);
    process.exitCode = 1;
    throw refuse(url.hostname);
  }
  return fetch(input, init);
};
