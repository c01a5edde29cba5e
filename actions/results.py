"""The `action_results` block every action response carries (API.md)."""
from __future__ import annotations

from dataclasses import dataclass, field

from badges.awards import Award
from models.user import UserData


@dataclass
class ActionResults:
    user_data: UserData
    points: int = 0
    awards: list[Award] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "badges_earned": [a.to_json() for a in self.awards],
            "points_earned": {"points": self.points + sum(a.points for a in self.awards)},
            "user_info": {
                "points": self.user_data.points,
                "badge_counts": self.user_data.badge_counts_json(),
            },
        }
