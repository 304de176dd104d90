"""GitHub Issues: a client (:mod:`.client`), pure mapping (:mod:`.mapping`) and the adapter.

Construct for one account::

    session = build_github_session(token=token, base_url="https://api.github.com")
    adapter = GitHubAdapter(session=session, repo="OWNER/NAME", scope="assigned")
"""

from sync.github.adapter import GitHubAdapter
from sync.github.client import API_URL, build_github_session, github_headers

__all__ = ["API_URL", "GitHubAdapter", "build_github_session", "github_headers"]
