"""The video library: videos, playlists, and which playlist holds which video (in order).

Invariants (checked by tests/unit/test_content_catalog.py): YouTube ids are 11 characters of [A-Za-z0-9_-] and
unique (they are invented: this is a re-creation, not a mirror); durations are whole seconds between 180 and 1200;
every playlist member is a known video; some videos sit in two playlists (their seconds count toward both), and at
least one video is in no playlist (its seconds still count toward the student's total time, SPEC §3).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VideoDef:
    youtube_id: str
    title: str
    duration: int  # seconds


@dataclass(frozen=True)
class PlaylistDef:
    id: str  # slug, the Playlist key id
    title: str
    subject: str


PLAYLISTS: tuple[PlaylistDef, ...] = (
    PlaylistDef("arithmetic", "Arithmetic", "Arithmetic"),
    PlaylistDef("pre-algebra", "Pre-algebra", "Pre-algebra"),
    PlaylistDef("algebra", "Algebra", "Algebra"),
    PlaylistDef("trigonometry", "Trigonometry", "Trigonometry"),
    PlaylistDef("worked-examples", "Worked Examples", "Algebra"),
)

VIDEOS: tuple[VideoDef, ...] = (
    VideoDef("Qm3vT8xLk2A", "Basic Addition", 468),
    VideoDef("h7Rk2pWqZ0c", "Addition 2: Carrying", 572),
    VideoDef("Zt9bN4sYv1E", "Basic Subtraction", 401),
    VideoDef("pL5xC8mJd3Q", "Subtraction with Borrowing", 713),
    VideoDef("W2nG6yHf9tK", "Basic Multiplication", 565),
    VideoDef("c8Vj1Xr7uMo", "Multiplication 2: The Multiplication Tables", 633),
    VideoDef("Fy4kR0eP6sB", "Multi-digit Multiplication", 842),
    VideoDef("tA1qL9zWc5N", "Long Division", 918),
    VideoDef("Nd6sE3hU8gY", "Adding Decimals", 365),
    VideoDef("bX0mQ7iK2wR", "Multiplying Decimals", 489),
    VideoDef("J5uT2fVn8pD", "Dividing Decimals", 612),
    VideoDef("rK8wY1cS4aM", "Equivalent Fractions", 337),
    VideoDef("Gv3hP9oZ6lT", "Multiplying Fractions", 414),
    VideoDef("e0Lb7Dq2xJw", "Dividing Fractions", 526),
    VideoDef("U6pM4kA9rFs", "Adding and Subtracting Negative Numbers", 641),
    VideoDef("sH2zW8nC1vE", "Multiplying and Dividing Negative Numbers", 455),
    VideoDef("K9gX5tR3mQb", "Exponents (Basic)", 302),
    VideoDef("yE7cJ0uL4dN", "Negative Exponents", 587),
    VideoDef("O4rV6bS8kWp", "Order of Operations", 729),
    VideoDef("iT1nF3yH7zG", "Scientific Notation", 676),
    VideoDef("D8wQ2mE5jXa", "Unit Conversion", 544),
    VideoDef("vB5kZ9pT0cR", "Simplifying Radicals", 498),
    VideoDef("M3jY7sG1hLu", "Solving One-Step Equations", 382),
    VideoDef("aW6fN0dK8qV", "Solving Equations with Variables on Both Sides", 861),
    VideoDef("X0tC4vR9bHe", "Systems of Linear Equations", 1043),
    VideoDef("lQ8hU2wM6yS", "Slope of a Line", 593),
    VideoDef("E5xP1kJ7nTd", "Midpoint and Distance Formulas", 705),
    VideoDef("Rz2gL6cY0sF", "Introduction to Functions", 812),
    VideoDef("n9Kd3Tq5wBo", "Factoring Quadratics", 934),
    VideoDef("C7mS0yX4vJi", "The Quadratic Formula", 1152),
    VideoDef("gU4aH8eW2rL", "Introduction to Logarithms", 768),
    VideoDef("Y1vN5pB9kZc", "Percent Word Problems", 621),
    VideoDef("P6qE3jD7mSx", "Angles and Triangles", 436),
    VideoDef("o2Lw8Rt4fGy", "The Pythagorean Theorem", 557),
    VideoDef("B9cK1zV5hNq", "Radians and Degrees", 640),
    VideoDef("k3Fs7Xm0uWd", "SOH CAH TOA: Basic Trigonometry", 899),
    VideoDef("T8yG2bQ6eLr", "The Unit Circle", 1087),
    VideoDef("w0Ja4Np9sCv", "Graphs of Sine and Cosine", 946),
    VideoDef("I5dR9oF3xKm", "Inverse Trig Functions", 615),
    VideoDef("f4Hx8Wz2jPe", "Trig Identities: sin² + cos² = 1", 733),
    VideoDef("S7oB3uC1gYt", "Worked Example: Word Problems with Linear Equations", 684),
    VideoDef("H2eM6qT0kVn", "Worked Example: Distance Between Two Points", 392),
    VideoDef("zR5nY9lD3aU", "Why Math Matters: A Talk for New Students", 1190),  # in no playlist
)

PLAYLIST_VIDEOS: dict[str, tuple[str, ...]] = {
    "arithmetic": (
        "Qm3vT8xLk2A", "h7Rk2pWqZ0c", "Zt9bN4sYv1E", "pL5xC8mJd3Q", "W2nG6yHf9tK", "c8Vj1Xr7uMo", "Fy4kR0eP6sB",
        "tA1qL9zWc5N", "Nd6sE3hU8gY", "bX0mQ7iK2wR", "J5uT2fVn8pD", "rK8wY1cS4aM", "Gv3hP9oZ6lT", "e0Lb7Dq2xJw",
    ),
    "pre-algebra": (
        "U6pM4kA9rFs", "sH2zW8nC1vE", "K9gX5tR3mQb", "yE7cJ0uL4dN", "O4rV6bS8kWp", "iT1nF3yH7zG", "D8wQ2mE5jXa",
        "vB5kZ9pT0cR", "Gv3hP9oZ6lT", "e0Lb7Dq2xJw",
    ),
    "algebra": (
        "M3jY7sG1hLu", "aW6fN0dK8qV", "X0tC4vR9bHe", "lQ8hU2wM6yS", "E5xP1kJ7nTd", "Rz2gL6cY0sF", "n9Kd3Tq5wBo",
        "C7mS0yX4vJi", "gU4aH8eW2rL", "Y1vN5pB9kZc",
    ),
    "trigonometry": (
        "P6qE3jD7mSx", "o2Lw8Rt4fGy", "E5xP1kJ7nTd", "B9cK1zV5hNq", "k3Fs7Xm0uWd", "T8yG2bQ6eLr", "w0Ja4Np9sCv",
        "I5dR9oF3xKm", "f4Hx8Wz2jPe",
    ),
    "worked-examples": ("S7oB3uC1gYt", "H2eM6qT0kVn", "aW6fN0dK8qV", "o2Lw8Rt4fGy"),
}

VIDEOS_BY_ID: dict[str, VideoDef] = {video.youtube_id: video for video in VIDEOS}
