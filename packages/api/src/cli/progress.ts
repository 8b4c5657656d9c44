import cliProgress from "cli-progress";

const n = (value: number) => value.toLocaleString("en-US");

export interface Progress {
  /** Reports `done` of `total` units; `detail` is extra text such as "4,200 rows". */
  update(done: number, total: number, detail?: string): void;
  stop(): void;
}

/**
 * Progress of a long CLI job on stderr: a bar on an interactive terminal, otherwise a line
 * every ~10 % (CI logs and pipes get a readable record instead of control codes).
 */
export function progress(unit: string, label = ""): Progress {
  const prefix = label ? `  ${label.padEnd(18)} ` : "  ";
  const started = performance.now();
  let stopped = false;
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${prefix}{bar} {percentage}% | {value}/{total} ${unit}{detail} | {duration_formatted} (eta {eta_formatted})`,
        hideCursor: true,
        formatValue: (value, _options, type) => (type === "value" || type === "total" ? n(value) : String(value)),
      },
      cliProgress.Presets.shades_classic,
    );
    let barStarted = false;
    return {
      update(done, total, detail) {
        if (stopped) return;
        const payload = { detail: detail ? `, ${detail}` : "" };
        if (!barStarted) bar.start(total, done, payload);
        barStarted = true;
        bar.setTotal(total);
        bar.update(Math.min(done, total), payload);
      },
      stop() {
        if (barStarted && !stopped) bar.stop();
        stopped = true;
      },
    };
  }
  let nextTenth = 1;
  return {
    update(done, total, detail) {
      if (stopped || total <= 0 || (done * 10 < nextTenth * total && done < total) || nextTenth > 10) return;
      nextTenth = Math.floor((done * 10) / total) + 1;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(`${prefix}${Math.min(100, Math.floor((100 * done) / total))}% ${n(done)}/${n(total)} ${unit}${detail ? `, ${detail}` : ""}, ${seconds} s\n`);
    },
    stop() {
      stopped = true;
    },
  };
}

/** One `progress` per named step (e.g. retention policies), each with its own bar or lines. */
export function steppedProgress(unit: string): { update(step: string, done: number, total: number): void; stop(): void } {
  let current: { step: string; progress: Progress } | undefined;
  return {
    update(step, done, total) {
      if (current?.step !== step) {
        current?.progress.stop();
        current = { step, progress: progress(unit, step) };
      }
      current.progress.update(done, total);
    },
    stop() {
      current?.progress.stop();
      current = undefined;
    },
  };
}
