"""Staff routes: people and documents in the immigration records."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import SessionDep, StaffDep
from backend.models import CreatedOut, DocumentCreate, PersonCreate
from backend.services import records

router = APIRouter(prefix="/staff", tags=["staff"])


@router.post("/people", status_code=201, response_model=CreatedOut)
def add_person(data: PersonCreate, session: SessionDep, staff: StaffDep) -> CreatedOut:
    person = records.add_person(session=session, staff=staff, data=data)
    return CreatedOut(id=person.id)  # type: ignore[arg-type]


@router.post("/people/{person_id}/documents", status_code=201, response_model=CreatedOut)
def add_document(
    person_id: int, data: DocumentCreate, session: SessionDep, staff: StaffDep
) -> CreatedOut:
    document = records.add_document(session=session, staff=staff, person_id=person_id, data=data)
    return CreatedOut(id=document.id)  # type: ignore[arg-type]
