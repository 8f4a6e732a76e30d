"""Admin views: review suggested groups, accept or reject them, add one's own."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import GroupAddForm
from .models import VariantGroup

PER_PAGE = 50
_CAN_REVIEW = "spelling.change_variantgroup"


@permission_required(_CAN_REVIEW, raise_exception=True)
def group_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or VariantGroup.Status.SUGGESTED
    if status not in VariantGroup.Status.values:
        status = VariantGroup.Status.SUGGESTED
    groups = VariantGroup.objects.filter(status=status).prefetch_related("terms")
    page = Paginator(groups, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "spelling/admin/index.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": VariantGroup.Status.choices,
            "form": GroupAddForm(),
        },
    )


@require_POST
@permission_required(_CAN_REVIEW, raise_exception=True)
def group_review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    group = get_object_or_404(VariantGroup, pk=pk)
    if action == "accept":
        services.group_accept(group=group, by=request.user)
        messages.success(request, _("قُبلت المجموعة: %s.") % group)
    else:
        services.group_reject(group=group, by=request.user)
        messages.success(request, _("رُفضت المجموعة: %s.") % group)
    return redirect(request.POST.get("next") or "spelling_admin:index")


@require_POST
@permission_required(_CAN_REVIEW, raise_exception=True)
def group_add(request: HttpRequest) -> HttpResponse:
    form = GroupAddForm(request.POST)
    if form.is_valid():
        try:
            group = services.group_add(
                spellings=form.spelling_list(),
                display=form.cleaned_data["display"],
                by=request.user,
            )
        except services.GroupError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("أضيفت المجموعة: %s.") % group)
    else:
        messages.error(request, _("لم تُضف المجموعة؛ راجع الحقول."))
    return redirect("spelling_admin:index")
