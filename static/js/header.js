// The header's live numbers: the student's energy points and badge counts per category.
export function updateHeader(userInfo) {
  if (!userInfo) return;
  const points = document.getElementById("user-points");
  if (points && typeof userInfo.points === "number") {
    const text = userInfo.points.toLocaleString("en-US");
    if (points.textContent !== text) {
      points.textContent = text;
      points.classList.remove("bump");
      void points.offsetWidth; // restart the animation
      points.classList.add("bump");
    }
  }
  for (const [category, count] of Object.entries(userInfo.badge_counts || {})) {
    const cell = document.querySelector(`[data-badge-count="${category}"]`);
    if (cell) cell.textContent = String(count);
  }
}
