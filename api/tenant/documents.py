"""Tenant API: an order's receipts, invoices and credit notes, for its customer and staff.

Read-only: documents are issued by payments and refunds, never through the API. Another
customer's order or document is a 404, as is an unknown one.
"""

from django.http import HttpResponseBase
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import API_AUTHENTICATION, signed_in_user
from api.serializers import error_responses
from tenant_apps.documents.models import IssuedDocument
from tenant_apps.documents.selectors import access_document, access_order_documents
from tenant_apps.documents.views import pdf_response


class DocumentSerializer(serializers.ModelSerializer):
    order_reference = serializers.CharField(source="order.reference", read_only=True)
    credits_number = serializers.CharField(source="credits.number", read_only=True,
                                           default=None)
    title = serializers.CharField(read_only=True, help_text="As printed: Facture, Reçu, Avoir.")
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = IssuedDocument
        fields = ["id", "kind", "title", "number", "issued_on", "order_reference",
                  "credits_number", "currency", "vat_treatment", "total_net", "total_tax",
                  "total_gross", "vat_breakdown", "lines", "mentions", "pdf_url"]
        read_only_fields = fields

    def get_pdf_url(self, document: IssuedDocument) -> str:
        return reverse("tenant_api:documents-pdf", kwargs={"document_id": document.pk})


class OrderDocumentsView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="orders_documents_list", summary="Documents of an order",
                   description="The order's receipt or invoice and its credit notes, oldest "
                   "first. For the customer the order belongs to, and for staff.",
                   responses={200: DocumentSerializer(many=True), **error_responses(401, 404)})
    def get(self, request: Request, order_id: int) -> Response:
        documents = access_order_documents(signed_in_user(request), order_id)
        return Response(DocumentSerializer(documents.select_related("order"), many=True).data)


class DocumentPdfView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="documents_pdf", summary="Download a document's PDF",
                   responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
                              **error_responses(401, 404)})
    def get(self, request: Request, document_id: int) -> HttpResponseBase:
        return pdf_response(access_document(signed_in_user(request), document_id))


urlpatterns = [
    path("orders/<int:order_id>/documents/", OrderDocumentsView.as_view(),
         name="documents-order-list"),
    path("documents/<int:document_id>/pdf/", DocumentPdfView.as_view(), name="documents-pdf"),
]
