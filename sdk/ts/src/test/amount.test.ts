import assert from "node:assert/strict";
import { test } from "node:test";

import { formatSTG, parseSTG } from "../index.js";

test("parseSTG is exact", () => {
  assert.equal(parseSTG("1.5"), 1_500_000);
  assert.equal(parseSTG("0.000001"), 1);
  assert.equal(parseSTG("2"), 2_000_000);
  assert.equal(parseSTG("3."), 3_000_000);
  assert.equal(parseSTG(" 0.1 "), 100_000);
  assert.equal(parseSTG("1000000"), 1_000_000_000_000);
  for (const bad of ["", ".", "-1", "1.0000001", "1e3", "abc", "9007199255"]) {
    assert.throws(() => parseSTG(bad), RangeError, bad);
  }
});

test("formatSTG drops trailing zeros", () => {
  assert.equal(formatSTG(1_500_000), "1.5");
  assert.equal(formatSTG(1), "0.000001");
  assert.equal(formatSTG(0), "0");
  assert.equal(formatSTG(2_000_000), "2");
  assert.equal(formatSTG(-1_250_000), "-1.25");
  assert.throws(() => formatSTG(0.5), RangeError);
});
