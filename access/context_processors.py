def active_role(request):
    """The active hat and the others, for the header's role switcher."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    role = request.role
    return {"active_role": role if role else None, "roles": request.roles}
