// The web wallet (placeholder until the app lands).
document.getElementById("app").textContent = "Stegos web wallet";
