"""The repairers' side of the platform API (N4): their offers, their jobs, and progress reports.

Every view answers for the caller's own repairer only: an offer or a job that was never offered
to it is a 404, exactly like one that does not exist.
"""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import (
    API_AUTHENTICATION,
    CredentialsRateThrottle,
    IsRepairer,
    acting_repairer,
    signed_in_user,
)
from api.serializers import error_responses
from api.tenant.accounts import issue_token
from api.tenant.serializers import CredentialsSerializer, TokenSerializer
from shared_apps.dispatch import actions
from shared_apps.dispatch.models import Job, JobOffer
from shared_apps.dispatch.selectors import access_job, job_view, jobs_for, offers_for
from shared_apps.repairers.models import Repairer
from shared_apps.repairers.selectors import repairer_for_user
from tenant_apps.accounts.actions import log_in

from .serializers import (
    DeclineSerializer,
    ProgressSerializer,
    RepairerJobSerializer,
    RepairerOfferSerializer,
)

UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def offer_view(offer: JobOffer, repairer: Repairer) -> dict[str, Any]:
    return {
        "id": offer.pk,
        "status": offer.status,
        "expires_at": offer.expires_at,
        "score": offer.score,
        "job": job_view(offer.job, repairer),
    }


class RepairerTokenView(APIView):
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [CredentialsRateThrottle]

    @extend_schema(
        operation_id="repairer_token",
        summary="Exchange a repairer's e-mail and password for an API token",
        description="Failed attempts are counted per e-mail address; too many give 429 for a "
        "while. Valid credentials of someone who is not a repairer give 403.",
        request=CredentialsSerializer,
        responses={200: TokenSerializer, **error_responses(400, 403, 429)},
    )
    def post(self, request: Request) -> Response:
        serializer = CredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = log_in(
            request._request,
            serializer.validated_data["email"],
            serializer.validated_data["password"],
        )
        if repairer_for_user(user) is None:
            raise PermissionDenied(IsRepairer.message)
        return Response({"token": issue_token(user)})


@extend_schema_view(
    list=extend_schema(
        operation_id="repairer_offers_list",
        summary="The caller's live offers",
        description="Offers still open, soonest expiry first. Jobs show no personal data.",
        responses={200: RepairerOfferSerializer(many=True), **error_responses(401, 403)},
    ),
)
class RepairerOfferViewSet(viewsets.GenericViewSet):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsRepairer]
    serializer_class = RepairerOfferSerializer
    queryset = JobOffer.objects.none()  # for the schema's path types; views use selectors
    lookup_value_regex = "[0-9]{1,18}"

    def list(self, request: Request) -> Response:
        repairer = acting_repairer(request)
        live = offers_for(repairer).filter(expires_at__gt=timezone.now())
        page = self.paginate_queryset(live) or []
        views = [offer_view(offer, repairer) for offer in page]
        return self.get_paginated_response(RepairerOfferSerializer(views, many=True).data)

    @extend_schema(
        operation_id="repairer_offers_accept",
        summary="Accept an offer",
        description="The first accept wins the job. An offer that was taken, declined, withdrawn "
        "or has expired gives 409 offer_unavailable. The answer is the job, now with what the "
        "repair needs of the customer's data.",
        request=None,
        responses={200: RepairerJobSerializer, **error_responses(401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        repairer = acting_repairer(request)
        offer_id = self._own_offer_id(repairer, pk)
        job = actions.accept_offer(offer_id, repairer, actor_email=signed_in_user(request).email)
        return Response(RepairerJobSerializer(job_view(job, repairer)).data)

    @extend_schema(
        operation_id="repairer_offers_decline",
        summary="Decline an offer, with a reason",
        description="The job moves on to the next candidate. An offer no longer open gives 409.",
        request=DeclineSerializer,
        responses={200: RepairerOfferSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        repairer = acting_repairer(request)
        offer_id = self._own_offer_id(repairer, pk)
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.decline_offer(
            offer_id,
            repairer,
            reason=serializer.validated_data["reason"],
            note=serializer.validated_data["note"],
            actor_email=signed_in_user(request).email,
        )
        offer = offers_for(repairer, live_only=False).get(pk=offer_id)
        return Response(RepairerOfferSerializer(offer_view(offer, repairer)).data)

    def _own_offer_id(self, repairer: Repairer, pk: str) -> int:
        offer_id = int(pk)
        if not offers_for(repairer, live_only=False).filter(pk=offer_id).exists():
            raise NotFound()
        return offer_id


@extend_schema_view(
    list=extend_schema(
        operation_id="repairer_jobs_list",
        summary="Jobs the caller holds or has done",
        responses={200: RepairerJobSerializer(many=True), **error_responses(401, 403)},
    ),
    retrieve=extend_schema(
        operation_id="repairer_jobs_retrieve",
        summary="One job offered to or held by the caller",
        description="Personal data only once the caller holds the job; the address only for "
        "on-site work. A job never offered to the caller is 404.",
        responses={200: RepairerJobSerializer, **error_responses(401, 403, 404)},
    ),
)
class RepairerJobViewSet(viewsets.GenericViewSet):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsRepairer]
    serializer_class = RepairerJobSerializer
    queryset = Job.objects.none()  # for the schema's path types; views use selectors
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN

    def list(self, request: Request) -> Response:
        repairer = acting_repairer(request)
        page = self.paginate_queryset(jobs_for(repairer)) or []
        views = [job_view(job, repairer) for job in page]
        return self.get_paginated_response(RepairerJobSerializer(views, many=True).data)

    def retrieve(self, request: Request, uid: str) -> Response:
        repairer = acting_repairer(request)
        return Response(RepairerJobSerializer(job_view(self._job(repairer, uid), repairer)).data)

    @extend_schema(
        operation_id="repairer_jobs_progress",
        summary="Report the progress of a job the caller holds",
        description="received, diagnosed (with quote_amount), repairing, repaired, "
        "shipped_back. Each step reaches the store that sent the job. A step that does not "
        "follow from the current status gives 409 invalid_transition.",
        request=ProgressSerializer,
        responses={200: RepairerJobSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, uid: str) -> Response:
        repairer = acting_repairer(request)
        job = self._job(repairer, uid)
        serializer = ProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = actions.report_progress(
            job,
            repairer,
            serializer.validated_data["status"],
            actor_email=signed_in_user(request).email,
            quote_amount=serializer.validated_data.get("quote_amount"),
            quote_note=serializer.validated_data["quote_note"],
        )
        return Response(RepairerJobSerializer(job_view(job, repairer)).data)

    def _job(self, repairer: Repairer, uid: str) -> Job:
        job = access_job(repairer, uid)
        if job is None:
            raise NotFound()
        return job
