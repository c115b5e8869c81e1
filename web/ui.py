"""Helpers the page blueprints share: role checks, paging, organisation names."""
from functools import wraps

from flask import abort, request
from flask_login import current_user, login_required

from models import Org, Round
from web import inputs

PER_PAGE = 50


def roles_required(*roles):
    """Logged in and holding one of `roles` (403 otherwise)."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if not any(current_user.has_role(r) for r in roles):
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator


def page_no():
    """The page asked for (`?page=`, 1 when absent): a number beyond the range is a 400."""
    return inputs.whole("page", default=1)


def org_names(ids):
    ids = [i for i in set(ids) if i]
    return {o.id: o.name for o in Org.query.filter(Org.id.in_(ids))} if ids else {}


def round_names(ids):
    ids = [i for i in set(ids) if i]
    return {r.id: r.name for r in Round.query.filter(Round.id.in_(ids))} if ids else {}


def args_without(**drop):
    """The current query arguments, some replaced (for links that keep the filters)."""
    args = {k: v for k, v in request.args.items() if v}
    for key, value in drop.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return args


def lang_switch_url():
    """This page in the other language (the choice then sticks in the session)."""
    from flask_babel import get_locale
    args = {k: v for k, v in request.args.items() if k != "lang"}
    args["lang"] = "zh_CN" if str(get_locale()) == "en" else "en"
    from urllib.parse import urlencode
    return f"{request.path}?{urlencode(args)}"
