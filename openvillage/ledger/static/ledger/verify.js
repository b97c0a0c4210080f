/* Check an entry of the public record in the browser, without trusting the server's word:
 * recompute the leaf hash from the record text shown on the page, fold the inclusion proof into
 * a root (RFC 9162 section 2.1.3.2), compare it with the signed tree head, and check the head's
 * Ed25519 signature where the browser can. No third-party code; SHA-256 is crypto.subtle's. */
(function () {
  "use strict";
  var encoder = new TextEncoder();

  function hexToBytes(hex) {
    if (!/^([0-9a-f]{2})*$/.test(hex)) throw new Error("not hex: " + hex);
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
    return out;
  }

  function bytesToHex(bytes) {
    return Array.prototype.map.call(bytes, function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  async function sha256(parts) {
    var length = parts.reduce(function (n, p) { return n + p.length; }, 0);
    var data = new Uint8Array(length), offset = 0;
    parts.forEach(function (p) { data.set(p, offset); offset += p.length; });
    return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  }

  /* SHA-256(0x00 || UTF-8 record), RFC 9162 section 2.1.1. */
  function leafHash(recordText) {
    return sha256([Uint8Array.of(0), encoder.encode(recordText)]);
  }

  function nodeHash(left, right) {
    return sha256([Uint8Array.of(1), left, right]);
  }

  /* Fold an inclusion proof into the root it implies (RFC 9162 2.1.3.2); throws if malformed. */
  async function rootFromInclusionProof(leaf, index, treeSize, proof) {
    var fn = BigInt(index), sn = BigInt(treeSize) - 1n, r = leaf;
    if (fn > sn) throw new Error("index beyond the tree");
    for (var i = 0; i < proof.length; i++) {
      if (sn === 0n) throw new Error("proof too long");
      if ((fn & 1n) === 1n || fn === sn) {
        r = await nodeHash(proof[i], r);
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      } else {
        r = await nodeHash(r, proof[i]);
      }
      fn >>= 1n; sn >>= 1n;
    }
    if (sn !== 0n) throw new Error("proof too short");
    return r;
  }

  /* The bytes a tree head signature covers (see openvillage/ledger/offline.py head_message). */
  function headMessage(treeSize, rootHex, timestamp) {
    return encoder.encode("openvillage-sth-v1\n" + treeSize + "\n" + rootHex + "\n" + timestamp);
  }

  /* true or false, or null when this browser has no Ed25519 in crypto.subtle. */
  async function signatureValid(keyHex, message, signatureHex) {
    var key;
    try {
      key = await crypto.subtle.importKey("raw", hexToBytes(keyHex), { name: "Ed25519" }, false, ["verify"]);
    } catch (e) {
      return null;
    }
    try {
      return await crypto.subtle.verify({ name: "Ed25519" }, key, hexToBytes(signatureHex), message);
    } catch (e) {
      return false;
    }
  }

  /* Check one entry: {record, index, treeSize, proof: [hex], root: hex}; resolves to a boolean. */
  async function checkEntry(e) {
    var leaf = await leafHash(e.record);
    var proof = e.proof.map(hexToBytes);
    var root;
    try {
      root = await rootFromInclusionProof(leaf, e.index, e.treeSize, proof);
    } catch (err) {
      return false;
    }
    return bytesToHex(root) === e.root;
  }

  async function checkSection(section) {
    var d = section.dataset, out = section.querySelector(".ledger-result");
    if (!out || d.checked || !d.root) return;
    d.checked = "1";
    if (!(globalThis.crypto && crypto.subtle)) { out.textContent = d.textUnavailable; return; }
    out.textContent = d.textChecking;
    var record = section.querySelector(".ledger-record").textContent;
    var ok = await checkEntry({
      record: record,
      index: d.index,
      treeSize: d.treeSize,
      proof: d.proof ? d.proof.split(" ") : [],
      root: d.root,
    });
    var sig = await signatureValid(d.key, headMessage(d.treeSize, d.root, d.timestamp), d.signature);
    var sigText = sig === null ? d.textSigUnknown : sig ? d.textSigOk : d.textSigBad;
    out.textContent = (ok ? "✔ " + d.textOk : "✘ " + d.textBad) + " " + sigText;
    out.style.color = ok && sig !== false ? "#1b6e20" : "#8c1d18";
  }

  var api = {
    hexToBytes: hexToBytes,
    bytesToHex: bytesToHex,
    leafHash: leafHash,
    rootFromInclusionProof: rootFromInclusionProof,
    headMessage: headMessage,
    signatureValid: signatureValid,
    checkEntry: checkEntry,
  };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    var run = function () {
      document.querySelectorAll(".ledger-proof").forEach(checkSection);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }
})();
