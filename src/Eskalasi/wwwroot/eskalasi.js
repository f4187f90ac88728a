// Eskalasi's own script, served from this host (the Content-Security-Policy allows no inline script).
window.eskalasi = {
    // The device's position for the log form, when the user allows it (never sent anywhere but this service).
    position: () => new Promise(resolve => {
        if (!navigator.geolocation) { resolve(null); return; }
        navigator.geolocation.getCurrentPosition(p => resolve([p.coords.latitude, p.coords.longitude]), () => resolve(null),
            { timeout: 15000, maximumAge: 60000 });
    })
};

// "Muat ulang halaman" in the reconnect banner.
document.addEventListener('click', e => {
    const link = e.target.closest && e.target.closest('a.eskalasi-reload');
    if (!link) return;
    e.preventDefault();
    location.reload();
});
