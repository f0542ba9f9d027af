// Microphone level on a <meter>: the RMS of the captured signal in dBFS, mapped from
// FLOOR_DB..0 dB onto 0..1, falling back gently so speech reads as a steady bar.

const FLOOR_DB = -60;
const FALL_PER_FRAME = 0.04;

export class LevelMeter {
  constructor(element) {
    this.element = element;
    this.context = null;
    this.frame = 0;
  }

  start(stream) {
    this.stop();
    const context = (this.context = new AudioContext());
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(stream).connect(analyser);
    context.resume(); // no-op when already running; needed where autoplay rules start it suspended
    const samples = new Float32Array(analyser.fftSize);
    let shown = 0;
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const db = 10 * Math.log10(sum / samples.length || 1e-12);
      const level = Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
      shown = Math.max(level, shown - FALL_PER_FRAME);
      this.element.value = shown;
      this.element.textContent = `${Math.round(db)} dBFS`;
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  stop() {
    cancelAnimationFrame(this.frame);
    this.context?.close();
    this.context = null;
    this.element.value = 0;
    this.element.textContent = "silent";
  }
}
