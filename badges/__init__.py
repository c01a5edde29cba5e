"""The badge system: catalogue (one row per badge), pure rules, the engine, the last action cache, the sweep."""
