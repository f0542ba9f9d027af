// Audio levels with Web Audio: `LevelWatcher` reports the RMS level of a stream in dBFS on every
// animation frame (so not while the tab is hidden); `LevelMeter` shows the microphone's on a
// <meter>, mapped from FLOOR_DB..0 dB onto 0..1 and falling back gently so speech reads steadily.

const FLOOR_DB = -60;
const FALL_PER_FRAME = 0.04;

export class LevelWatcher {
  // `windowSize` samples per reading (a power of two): longer is steadier, shorter reacts sooner.
  constructor(stream, onLevel, windowSize = 2048) {
    const context = (this.context = new AudioContext());
    const analyser = context.createAnalyser();
    analyser.fftSize = windowSize;
    context.createMediaStreamSource(stream).connect(analyser);
    context.resume(); // no-op when already running; needed where autoplay rules start it suspended
    const samples = new Float32Array(analyser.fftSize);
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      onLevel(10 * Math.log10(sum / samples.length || 1e-12), performance.now());
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  stop() {
    cancelAnimationFrame(this.frame);
    this.context.close();
  }
}

export class LevelMeter {
  constructor(element) {
    this.element = element;
    this.watcher = null;
  }

  start(stream) {
    this.stop();
    let shown = 0;
    this.watcher = new LevelWatcher(stream, (db) => {
      const level = Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
      shown = Math.max(level, shown - FALL_PER_FRAME);
      this.element.value = shown;
      this.element.textContent = `${Math.round(db)} dBFS`;
    });
  }

  stop() {
    this.watcher?.stop();
    this.watcher = null;
    this.element.value = 0;
    this.element.textContent = "silent";
  }
}
