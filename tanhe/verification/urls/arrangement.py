"""URLs of the arrangement step (views/arrangement.py) and of the team (views/team.py)."""

from django.urls import URLPattern, path

from ..views import arrangement, team

urlpatterns: list[URLPattern] = [
    # the authority: campaigns, a campaign's tasks
    path("campaigns/", arrangement.campaigns, name="campaigns"),
    path("campaigns/create/", arrangement.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", arrangement.campaign, name="campaign"),
    path("campaigns/<int:pk>/refresh/", arrangement.campaign_refresh, name="campaign_refresh"),
    path("campaigns/<int:pk>/assign/", arrangement.assign, name="assign"),
    path("tasks/<int:pk>/reassign/", arrangement.reassign, name="reassign"),
    # the agency: its tasks, accept or decline
    path("agency/tasks/", arrangement.agency_tasks, name="agency_tasks"),
    path("tasks/<int:pk>/accept/", arrangement.accept, name="accept"),
    path("tasks/<int:pk>/decline/", arrangement.decline, name="decline"),
    # the team
    path("tasks/<int:pk>/team/", team.team, name="team"),
    path("tasks/<int:pk>/team/add/", team.team_add, name="team_add"),
    path("tasks/<int:pk>/team/<int:member>/remove/", team.team_remove, name="team_remove"),
    path("tasks/<int:pk>/team/reviewer/", team.team_reviewer, name="team_reviewer"),
]
