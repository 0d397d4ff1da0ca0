"""State machines shared by every app: a transitions table per state field, one log of
every state change (who, when, why), and one function that applies a transition.

This app sits below every other Certinum app: it imports Django only, never an app above
it, so sessions, certification courses and results can use it as the learner space and the
organization space do. See docs/workflow.md."""
