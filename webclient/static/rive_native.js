// Rive animations are not bundled with this app, and nothing is loaded from a CDN: this
// stands in for the Rive runtime the Flutter client would fetch from cdn.jsdelivr.net and
// tells it, by failing, that Rive is unavailable (the client then leaves Rive off).
window.RiveNative = () => Promise.reject(new Error("Rive is not bundled with this app"));
