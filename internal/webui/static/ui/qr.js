// QR codes: drawn with qrcode-generator (vendored) as a GIF data: URL in an
// <img> (the CSP allows data: images), at least 4 px per module with the
// 4-module quiet zone; read with jsQR (vendored, a classic script loaded on
// first use) from camera frames or image files.

import { html, useMemo } from "./lib.js";
import qrcode from "./vendor/qrcode-generator/qrcode.module.js";

/** A QR code of text as a data: URL; about `target` px wide, never under 4 px a module. */
export function qrDataURL(text, target = 280) {
  const qr = qrcode(0, "M");
  qr.addData(text, "Byte");
  qr.make();
  const n = qr.getModuleCount();
  const cell = Math.max(4, Math.floor(target / (n + 8)));
  return { url: qr.createDataURL(cell, cell * 4), size: (n + 8) * cell };
}

export function QRImage({ id, text, label }) {
  const q = useMemo(() => (text ? qrDataURL(text) : undefined), [text]);
  if (!q) return null;
  return html`<img id=${id} class="qr" src=${q.url} width=${q.size} height=${q.size} alt=${label} />`;
}

let jsQRLoading;

/** Loads jsQR (256 kB) once, when a scan first needs it. */
export function loadJsQR() {
  if (globalThis.jsQR) return Promise.resolve(globalThis.jsQR);
  jsQRLoading ??= new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = "/ui/vendor/jsqr/jsQR.js";
    s.onload = () => (globalThis.jsQR ? resolve(globalThis.jsQR) : reject(new Error("the QR decoder did not load")));
    s.onerror = () => {
      jsQRLoading = undefined;
      reject(new Error("the QR decoder could not be loaded"));
    };
    document.head.append(s);
  });
  return jsQRLoading;
}

/** Decodes the QR code in the pixels of a canvas; the text, or undefined. */
export function decodeCanvas(jsQR, canvas, both = false) {
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const code = jsQR(img.data, img.width, img.height, { inversionAttempts: both ? "attemptBoth" : "dontInvert" });
  return code?.data || undefined;
}

/** Decodes the QR code in an image file; rejects when there is none. */
export async function decodeImageFile(file) {
  const jsQR = await loadJsQR();
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode().catch(() => {
      throw new Error("this file is not an image the browser can read");
    });
    // Try the image at a few sizes: jsQR finds small codes in big photos
    // better once scaled down, and large clean renders at full size.
    for (const max of [1024, 2048, 512]) {
      const scale = Math.min(1, max / Math.max(img.naturalWidth, img.naturalHeight));
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
      canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
      const ctx = canvas.getContext("2d", { willReadFrequently: true });
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      const text = decodeCanvas(jsQR, canvas, true);
      if (text) return text;
      if (scale === 1) break;
    }
    throw new Error("no QR code found in this image");
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * What a scanned code says: an address, or a payment request
 * "stegos:ADDRESS?amount=STG&memo=TEXT".
 */
export function parsePaymentText(text) {
  const t = text.trim();
  const m = /^stegos:([^?]+)(?:\?(.*))?$/i.exec(t);
  if (!m) return { to: t };
  const q = new URLSearchParams(m[2] ?? "");
  return { to: m[1], amount: q.get("amount") ?? undefined, memo: q.get("memo") ?? undefined };
}
