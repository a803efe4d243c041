import { expect } from "chai";
import { progressReporter } from "../../migrate/progressBar";

/** A stream that says it is (or is not) a terminal and keeps what is written to it. */
function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const stream = {
    isTTY,
    columns: 120,
    write: (chunk: string) => (written.push(chunk), true),
    cursorTo: () => true,
    clearLine: () => true,
    clearScreenDown: () => true,
    moveCursor: () => true,
    on: () => stream,
    removeListener: () => stream,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, written };
}

describe("progressReporter", () => {
  it("draws a bar with count, rate and ETA on a terminal", () => {
    const { stream, written } = fakeStream(true);
    const progress = progressReporter(stream);

    progress.start("items", 10);
    for (let i = 0; i < 10; i++) progress.advance();
    progress.stop();

    expect(written.join("")).to.match(/items \[[^\]]+\] 100% \| 10\/10 \| \d+\/s \| ETA \d+s/);
  });

  it("writes nothing when stderr is not a terminal", () => {
    const { stream, written } = fakeStream(false);
    const progress = progressReporter(stream);

    progress.start("items", 10);
    progress.advance();
    progress.stop();

    expect(written).to.deep.equal([]);
  });
});
