// The offline page in the user's language: the language of the address (?lang=), else the
// one the app last showed (remembered by pwa.js), else the one chosen on this device (the
// app's SharedPreferences "nia.language", which Flutter keeps in localStorage), else the
// browser's, else English.
(() => {
  const texts = JSON.parse(document.getElementById("texts").textContent);
  const stored = (key, json) => {
    try {
      const value = localStorage.getItem(key);
      return json && value ? JSON.parse(value) : value;
    } catch (e) {
      return null;  // storage off, or not what we expect
    }
  };
  const pick = () => {
    const candidates = [
      new URLSearchParams(location.search).get("lang"),
      stored("app.lang", false),
      stored("flutter.nia.language", true),
      ...(navigator.languages || [navigator.language || ""]),
    ];
    for (const tag of candidates) {
      const code = typeof tag === "string" ? tag.toLowerCase().split("-")[0] : "";
      if (texts[code]) return code;
    }
    return "en";
  };
  const lang = pick();
  const t = texts[lang];
  document.documentElement.lang = lang;
  document.documentElement.dir = t.dir || "ltr";
  document.title = t.offline_title;
  document.getElementById("offline-title").textContent = t.offline_title;
  document.getElementById("offline-body").textContent = t.offline_body;
  const retry = document.getElementById("retry");
  retry.textContent = t.retry;
  retry.addEventListener("click", () => location.reload());
})();
