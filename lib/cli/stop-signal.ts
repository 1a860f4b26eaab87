// Resolve when the process gets Ctrl-C (SIGINT) or SIGTERM, naming the signal. Only the CLI installs signal
// handlers: in a notebook kernel SIGINT interrupts a cell, so library code never does.
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
