import { expect } from "chai";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CheckpointFile } from "../../migrate/checkpointFile";
import { CheckpointMismatchError } from "../../migrate/errors";

describe("CheckpointFile", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "migrate-checkpoint-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("returns the saved state to the same run, leaves no temporary file, and is gone once removed", () => {
    const file = join(dir, "same.json");
    const checkpoint = new CheckpointFile<{ startAfter: string }>(
      file,
      "s3 a -> b by mapping m.csv",
    );

    const before = checkpoint.load();
    checkpoint.save({ startAfter: "legacy/acme/x" });
    const loaded = new CheckpointFile(file, "s3 a -> b by mapping m.csv").load();
    const files = readdirSync(dir);
    checkpoint.remove();

    expect(before).to.equal(undefined);
    expect(loaded).to.deep.equal({ startAfter: "legacy/acme/x" });
    expect(files).to.deep.equal(["same.json"]);
    expect(existsSync(file)).to.equal(false);
  });

  it("refuses the checkpoint of another run instead of applying it", () => {
    const file = join(dir, "other.json");
    new CheckpointFile(file, "dynamodb a -> t by attribute org in 4 segments").save({
      segments: [],
    });

    const load = () =>
      new CheckpointFile(file, "dynamodb a -> t by attribute org in 8 segments").load();

    expect(load).to.throw(CheckpointMismatchError).with.property("code", "ERR_CHECKPOINT_MISMATCH");
    expect(load)
      .to.throw(CheckpointMismatchError)
      .with.property(
        "message",
        `${file} is the checkpoint of another run (it was written by "dynamodb a -> t by attribute org in 4 segments"); nothing was written. Fix: rerun with the options of that run, or pass another --checkpoint file (delete this one only if that run is abandoned).`,
      );
  });
});
