"""The web desk (`metodist serve`): reviewers' queue and sign-off, coordinators' runs and
packets, heads' published packets, and the JSON API of docs/contract.md "Web API"."""
